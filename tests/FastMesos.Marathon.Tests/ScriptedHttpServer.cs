using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 port 0 for the prober tests: each request (recognized by its
/// blank line) is answered with the bytes <see cref="Respond"/> gives for it — null answers nothing
/// (a hung server) — and the connection is closed after the answer when <see cref="CloseAfter"/>
/// says so. Counts connections and requests, and keeps the last request's text.
/// </summary>
internal sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private int _connections;
    private int _requests;
    private string _lastRequest = "";

    public ScriptedHttpServer(string response) : this(_ => Encoding.ASCII.GetBytes(response))
    {
    }

    public ScriptedHttpServer(Func<int, byte[]?> respond)
    {
        Respond = respond;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The answer to the n-th request (1-based) across all connections; null: no answer.</summary>
    public Func<int, byte[]?> Respond { get; }

    /// <summary>Whether the server closes the connection after answering the n-th request.</summary>
    public Func<int, bool> CloseAfter { get; init; } = static _ => false;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    public string LastRequest => Volatile.Read(ref _lastRequest);

    /// <summary>A port on 127.0.0.1 where nothing listens (bound and released).</summary>
    public static int DownPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_clients)
                    _clients.Add(client);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        NetworkStream stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                    return;
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                string text = request.ToString();
                int end;
                while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    int n = Interlocked.Increment(ref _requests);
                    Volatile.Write(ref _lastRequest, text[..(end + 4)]);
                    text = text[(end + 4)..];
                    if (Respond(n) is { } answer)
                        await stream.WriteAsync(answer, _stop.Token);
                    if (CloseAfter(n))
                    {
                        client.Dispose();
                        return;
                    }
                }
                request.Clear().Append(text);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The prober closed the connection, or the server stopped.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (TcpClient client in _clients)
                client.Dispose();
        }
        _stop.Dispose();
    }
}
