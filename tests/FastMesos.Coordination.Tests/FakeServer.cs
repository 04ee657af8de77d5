using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Coordination.Tests;

/// <summary>
/// A tiny TCP server speaking just enough ZooKeeper: it accepts every session handshake, then answers
/// each request with the bytes the reply function makes from the request's xid (garbage on purpose;
/// an empty array closes the connection). With expireOnReconnect, every handshake after the first
/// answers "session expired" (negotiated timeout 0).
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, byte[]> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    private readonly bool _expireOnReconnect;

    public FakeServer(Func<int, byte[]> reply, bool expireOnReconnect = false)
    {
        _reply = reply;
        _expireOnReconnect = expireOnReconnect;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string ConnectionString => $"zk://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            int number = Interlocked.Increment(ref _connections);
            _ = ServeAsync(socket, expired: _expireOnReconnect && number > 1);
        }
    }

    private async Task ServeAsync(Socket socket, bool expired)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            await ReadPacketAsync(stream); // ConnectRequest
            byte[] response = new byte[4 + 4 + 4 + 8 + 4 + 16];
            BinaryPrimitives.WriteInt32BigEndian(response, response.Length - 4);
            BinaryPrimitives.WriteInt32BigEndian(response.AsSpan(8), expired ? 0 : 4000); // negotiated timeout
            BinaryPrimitives.WriteInt64BigEndian(response.AsSpan(12), 0x1234);
            BinaryPrimitives.WriteInt32BigEndian(response.AsSpan(20), 16);
            await stream.WriteAsync(response, _stop.Token);
            while (true)
            {
                byte[] request = await ReadPacketAsync(stream);
                int xid = BinaryPrimitives.ReadInt32BigEndian(request);
                if (xid == -2)
                    continue; // pings go unanswered; the tests end well before the read timeout
                byte[] reply = _reply(xid);
                if (reply.Length == 0)
                    return;
                await stream.WriteAsync(reply, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or EndOfStreamException)
        {
        }
    }

    private async Task<byte[]> ReadPacketAsync(NetworkStream stream)
    {
        byte[] prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, _stop.Token);
        byte[] packet = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        await stream.ReadExactlyAsync(packet, _stop.Token);
        return packet;
    }
}
