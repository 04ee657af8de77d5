namespace FastMesos.Transport.Connections;

/// <summary>Thrown by a dial whose connection closed before it was established (refused preamble, timeout).</summary>
public sealed class ConnectionClosedException : IOException
{
    /// <summary>Wraps the connection's close reason.</summary>
    public ConnectionClosedException(CloseInfo info)
        : base($"Connection closed: {info}", info.Exception)
    {
        Info = info;
    }

    /// <summary>Why the connection closed.</summary>
    public CloseInfo Info { get; }
}
