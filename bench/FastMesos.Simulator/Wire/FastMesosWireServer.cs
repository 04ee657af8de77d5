using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Simulator.Wire;

/// <summary>The FastMesos side under test: a TCP listener on loopback whose handler echoes pings as pongs.</summary>
internal sealed class FastMesosWireServer : IWireServer
{
    private readonly EchoHandler _handler;
    private readonly IListener _listener;

    private FastMesosWireServer(IListener listener, EchoHandler handler)
    {
        _listener = listener;
        _handler = handler;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint).Port;

    public long MessagesReceived => _handler.Pings;

    /// <summary>Pongs that could not be queued (the connection was paused or closed).</summary>
    public long Refused => _handler.Refused;

    public int ConnectionCount => _listener.ConnectionCount;

    public static async Task<FastMesosWireServer> StartAsync(int connections)
    {
        // A backlog above the connection count: the client dials many at once and a full backlog costs a SYN retry (1 s).
        var options = new ListenerOptions { LocalRole = PeerRole.Master, Backlog = Math.Max(512, connections + 64) };
        var handler = new EchoHandler();
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, handler);
        return new FastMesosWireServer(listener, handler);
    }

    public ValueTask DisposeAsync() => _listener.StopAsync();
}
