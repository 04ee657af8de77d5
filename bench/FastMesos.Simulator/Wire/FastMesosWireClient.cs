using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Simulator.Wire;

/// <summary>N FastMesos connections (role Agent) to the listener, pinging through the codec.</summary>
internal sealed class FastMesosWireClient(int port, LoadState load) : IWireClient
{
    private readonly PongHandler _handler = new(load);
    private FrameConnection[] _connections = [];

    public long Pongs
    {
        get
        {
            long total = 0;
            foreach (FrameConnection c in _connections)
                total += ((PongVisitor)c.Tag!).Pongs;
            return total;
        }
    }

    public long Closed => _handler.Closed;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var options = new DialOptions { LocalRole = PeerRole.Agent, ConnectTimeout = TimeSpan.FromSeconds(10) };
        _connections = await ParallelDial.RunAsync(load.Spec.Connections,
            async (_, ct) => await TcpTransport.Instance.DialAsync(endPoint, options, _handler, ct), cancellationToken);
    }

    public void Start()
    {
        // Rate mode: the schedule sends (TryPing), nothing goes out up front.
        if (load.RateLimited)
            return;
        foreach (FrameConnection c in _connections)
            ((PongVisitor)c.Tag!).SendWindow();
    }

    public bool TryPing(int index) => ((PongVisitor)_connections[index].Tag!).TryPing();

    public void Stop() => load.Stop();

    public async ValueTask DisposeAsync()
    {
        foreach (FrameConnection c in _connections)
            c.Close(CloseReason.LocalClose, "load finished");
        try
        {
            await Task.WhenAll(_connections.Select(static c => c.Closed)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The process exits next anyway; a slow orderly close must not hang the report.
        }
    }
}
