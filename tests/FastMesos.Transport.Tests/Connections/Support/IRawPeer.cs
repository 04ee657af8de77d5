namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>A peer that speaks raw bytes to a listener (no connection object on its side): hostile input, a peer that stops reading.</summary>
public interface IRawPeer : IAsyncDisposable
{
    ValueTask SendAsync(ReadOnlyMemory<byte> bytes);

    /// <summary>Ends this side's sending (a FIN); the peer may still send.</summary>
    void ShutdownSend();

    /// <summary>Reads until at least <paramref name="count"/> bytes arrived or the stream ended; returns what arrived.</summary>
    Task<byte[]> ReceiveAsync(int count, TimeSpan? timeout = null);

    /// <summary>Reads until the listener closes the connection (end of stream or reset); returns everything read.</summary>
    Task<byte[]> ReceiveUntilClosedAsync(TimeSpan? timeout = null);
}
