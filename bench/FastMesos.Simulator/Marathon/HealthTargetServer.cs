using System.Net;
using System.Net.Sockets;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// What the health benchmark's tasks "serve": a minimal HTTP/1.1 server on a few ports that answers
/// every request with <c>200 OK</c> and an empty body, keeping connections alive. The simulated
/// agents offer exactly these ports, so every task's host port is one of them. Listening on every
/// address (port 0: the kernel picks free ports) lets agents named 127.0.0.x all reach it over
/// loopback. Requests are recognized by their blank line (probes are GETs without a body).
/// </summary>
internal sealed class HealthTargetServer : IDisposable
{
    private static readonly byte[] Ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private readonly Socket[] _listeners;
    private readonly CancellationTokenSource _stop = new();
    private long _served;

    public HealthTargetServer(int ports)
    {
        _listeners = new Socket[ports];
        for (int i = 0; i < ports; i++)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, 0));
            listener.Listen(4096);
            _listeners[i] = listener;
            _ = AcceptLoopAsync(listener);
        }
    }

    /// <summary>The ports listened at.</summary>
    public int[] Ports
    {
        get
        {
            var ports = new int[_listeners.Length];
            for (int i = 0; i < ports.Length; i++)
                ports[i] = ((IPEndPoint)_listeners[i].LocalEndPoint!).Port;
            return ports;
        }
    }

    /// <summary>Requests answered so far.</summary>
    public long Served => Interlocked.Read(ref _served);

    private async Task AcceptLoopAsync(Socket listener)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                connection.NoDelay = true;
                _ = ServeAsync(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        byte[] buffer = new byte[1024];
        int matched = 0;   // how much of "\r\n\r\n" the bytes so far end with
        try
        {
            while (true)
            {
                int read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                    return;
                int requests = 0;
                for (int i = 0; i < read; i++)
                {
                    byte b = buffer[i];
                    matched = b == (matched is 0 or 2 ? (byte)'\r' : (byte)'\n') ? matched + 1 : b == '\r' ? 1 : 0;
                    if (matched == 4)
                    {
                        requests++;
                        matched = 0;
                    }
                }
                for (int r = 0; r < requests; r++)
                    await connection.SendAsync(Ok, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                Interlocked.Add(ref _served, requests);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The prober closed the connection, or the server stopped.
        }
        finally
        {
            connection.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (Socket listener in _listeners)
            listener.Dispose();
        _stop.Dispose();
    }
}
