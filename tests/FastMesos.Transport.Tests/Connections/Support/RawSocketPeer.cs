using System.Net;
using System.Net.Sockets;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>A raw TCP client on loopback.</summary>
public sealed class RawSocketPeer : IRawPeer
{
    private readonly Socket _socket;

    private RawSocketPeer(Socket socket) => _socket = socket;

    public static async Task<RawSocketPeer> ConnectAsync(EndPoint endPoint, int receiveBufferSize = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0)
            socket.ReceiveBufferSize = receiveBufferSize;
        await socket.ConnectAsync(endPoint);
        return new RawSocketPeer(socket);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Wait.Default);
        await _socket.SendAsync(bytes, SocketFlags.None, cts.Token);
    }

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public async Task<byte[]> ReceiveAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < count)
        {
            int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0)
                break;
            received.AddRange(buffer.AsSpan(0, n));
        }

        return received.ToArray();
    }

    public async Task<byte[]> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    break;
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // An abortive close from the listener: closed all the same.
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The listener did not close the raw connection within {timeout ?? Wait.Default}.");
        }

        return received.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
