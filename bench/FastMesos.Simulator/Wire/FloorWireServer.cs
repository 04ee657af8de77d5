using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// The floor: plain sockets on loopback echoing length-prefixed frames. Each receive's complete
/// frames are counted and copied into a send buffer, which goes out in one send, so it coalesces
/// as much as FastMesos does, minus the serializer, the pipes and the connection machinery.
/// </summary>
internal sealed class FloorWireServer : IWireServer
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _acceptLoop;
    private long _messages;

    private FloorWireServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public long MessagesReceived => Interlocked.Read(ref _messages);

    public int ConnectionCount => _connections.Count;

    public static FloorWireServer Start(int connections)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(Math.Max(512, connections + 64));
        return new FloorWireServer(listener);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptAsync(_stop.Token);
                socket.NoDelay = true;
                _connections[socket] = EchoAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        // Yield first so the accept loop is not held up by this connection's first receive.
        await Task.Yield();
        byte[] input = new byte[FloorFrame.MaxSize * 2];
        byte[] output = new byte[input.Length];
        int have = 0;
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(input.AsMemory(have), SocketFlags.None, _stop.Token);
                if (n == 0)
                    break;
                have += n;
                int used = 0, count = 0, length;
                while ((length = FloorFrame.Complete(input.AsSpan(used, have - used))) > 0)
                {
                    used += length;
                    count++;
                }
                if (length < 0)
                    break;
                // The echo is a byte copy of the complete frames, then one send for all of them.
                input.AsSpan(0, used).CopyTo(output);
                input.AsSpan(used, have - used).CopyTo(input);
                have -= used;
                Interlocked.Add(ref _messages, count);
                await SendAllAsync(socket, output.AsMemory(0, used), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The peer went away or the server stops.
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }

    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
            data = data[await socket.SendAsync(data, SocketFlags.None, cancellationToken)..];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        foreach (Socket socket in _connections.Keys)
            socket.Dispose();
        await Task.WhenAll(_connections.Values);
        _stop.Dispose();
    }
}
