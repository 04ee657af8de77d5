namespace FastMesos.Transport.Connections;

/// <summary>What one look at the input during the preamble exchange decided (<see cref="FrameConnection"/>'s receive loop).</summary>
internal enum HandshakeStep
{
    /// <summary>Not enough bytes yet: read again.</summary>
    ReadMore,

    /// <summary>The preambles were exchanged and accepted.</summary>
    Established,

    /// <summary>Refused, closed or broken: the connection is closing; read and drop until the peer closes.</summary>
    Failed,

    /// <summary>Not this protocol, and the listener hands such connections to its non-wire fallback (HTTP).</summary>
    Fallback,
}
