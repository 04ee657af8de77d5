using System.Net;
using System.Net.Sockets;
using FastMesos.Messages;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// The agent's end of the master's datagram heartbeat channel (<see cref="HeartbeatChannel"/>): a
/// UDP socket connected to the master's host at the offered port, so the kernel only lets that
/// address's datagrams in. It says hello, then hands each ping that carries its slot and token to
/// the runtime and sends the pongs. One ping a second: plain socket calls, no batching.
/// </summary>
internal sealed class AgentHeartbeatSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly Action<string> _log;
    private readonly byte[] _out = new byte[HeartbeatDatagram.Size];
    private readonly CancellationTokenSource _stop = new();
    private long _dropped;

    private AgentHeartbeatSocket(Socket socket, HeartbeatChannel channel, Action<string> log)
    {
        _socket = socket;
        Channel = channel;
        _log = log;
    }

    public HeartbeatChannel Channel { get; }

    /// <summary>How many times a TCP ping made this socket say hello again; see <see cref="AgentRuntime"/>'s OnPing.</summary>
    public int HelloRetries { get; set; }

    /// <summary>Opens the socket towards <paramref name="master"/>; null (and a log line) when it cannot, and the agent stays on TCP pings.</summary>
    public static AgentHeartbeatSocket? TryOpen(IPAddress master, HeartbeatChannel channel, Action<string> log)
    {
        var socket = new Socket(master.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(new IPEndPoint(master, channel.Port));
            return new AgentHeartbeatSocket(socket, channel, log);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            log($"cannot open the heartbeat datagram socket to {master}:{channel.Port} ({e.SocketErrorCode}): pings stay on TCP");
            return null;
        }
    }

    /// <summary>Starts receiving; <paramref name="onPing"/> gets every valid ping, on a pool thread.</summary>
    public void Start(Action<AgentHeartbeatSocket, HeartbeatDatagram> onPing) => _ = ReceiveLoopAsync(onPing);

    public void SendHello() => Send(new HeartbeatDatagram(HeartbeatKind.Hello, Channel.Slot, Channel.Token, 0, 0));

    public void SendPong(ulong sequence, long timestamp) =>
        Send(new HeartbeatDatagram(HeartbeatKind.Pong, Channel.Slot, Channel.Token, sequence, timestamp));

    private void Send(in HeartbeatDatagram datagram)
    {
        lock (_out)
        {
            datagram.Write(_out);
            try
            {
                _socket.Send(_out, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Best effort: a lost pong is a missed ping, and the master falls back to TCP.
            }
        }
    }

    private async Task ReceiveLoopAsync(Action<AgentHeartbeatSocket, HeartbeatDatagram> onPing)
    {
        byte[] buffer = new byte[DatagramBatch.MaxDatagram];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send (the master's port closed): keep listening.
                continue;
            }

            string? malformed = HeartbeatDatagram.TryRead(buffer.AsSpan(0, length), out HeartbeatDatagram d);
            if (malformed is null && (d.Kind != HeartbeatKind.Ping || d.Slot != Channel.Slot || d.Token != Channel.Token))
                malformed = $"a {d.Kind} for slot {d.Slot} that is not this agent's ping";
            if (malformed is not null)
            {
                // Logged 1st, 2nd, 4th, 8th, …: bounded whatever arrives.
                if ((++_dropped & (_dropped - 1)) == 0)
                    _log($"dropped heartbeat datagram #{_dropped}: {malformed}");
                continue;
            }

            try
            {
                onPing(this, d);
            }
            catch (Exception e)
            {
                // The channel ends here; the master falls back to TCP pings, which keep working.
                _log($"heartbeat datagram handler failed, leaving the datagram channel: {e}");
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
