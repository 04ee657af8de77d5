using System.Net.Sockets;

namespace FastMesos.Coordination;

/// <summary>
/// One TCP connection to one server, carrying the session. Invariants: packets are written whole under
/// <see cref="SendLock"/>, and a call enters <see cref="Pending"/> before its bytes are written, in xid
/// order. <see cref="TryClose"/> succeeds once; whoever wins fails the pending calls.
/// </summary>
internal sealed class ServerConnection(Socket socket, string endpoint, TimeProvider time)
{
    private int _closed;

    public Socket Socket { get; } = socket;
    public NetworkStream Stream { get; } = new(socket, ownsSocket: true);
    public string Endpoint { get; } = endpoint;
    public SemaphoreSlim SendLock { get; } = new(1, 1);
    public Queue<PendingCall> Pending { get; } = new();
    public CancellationTokenSource Stopping { get; } = new();
    public long LastReceived { get; set; } = time.GetTimestamp();
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public bool TryClose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return false;
        Stopping.Cancel();
        Stream.Dispose();
        return true;
    }
}
