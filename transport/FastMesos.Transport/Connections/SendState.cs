namespace FastMesos.Transport.Connections;

/// <summary>Whether a connection's senders may write; guarded by the connection's send lock.</summary>
internal enum SendState
{
    /// <summary>Preambles are being exchanged; only the handshake writes.</summary>
    Handshake,

    /// <summary>Frames may be sent.</summary>
    Open,

    /// <summary>The output is completed; nothing more is written.</summary>
    Closed,
}
