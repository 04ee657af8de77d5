namespace FastMesos.Transport;

/// <summary>Constants of the FastMesos wire protocol shared by every layer of the transport.</summary>
public static class TransportInfo
{
    /// <summary>The protocol version a connection preamble carries.</summary>
    public const byte ProtocolVersion = 1;
}
