using System.Net;
using System.Net.Sockets;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// The dial itself: the connect timeout, with and without a caller's token (a token that cannot
/// cancel takes the path without a linked source), and the peer's address of a dialed connection
/// (the endpoint dialed, not asked of the kernel).
/// </summary>
public sealed class TcpDialTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_dialed_connection_names_the_endpoint_it_dialed_as_its_peer()
    {
        var server = new TestHandler();
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), new ListenerOptions { LocalRole = PeerRole.Master }, server);
        var target = (IPEndPoint)listener.LocalEndPoint;
        FrameConnection wire = await TcpTransport.Instance.DialAsync(target, new DialOptions { LocalRole = PeerRole.Agent }, new TestHandler());

        Assert.Equal(target, wire.RemoteEndPoint);

        await Wait.For(wire.CloseAsync(), "the connection to close");
        await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connect_that_never_completes_fails_with_a_timeout_naming_the_endpoint(bool cancelableToken)
    {
        await using var full = await FullListener.StartAsync(ConnectTimeout);
        using var caller = new CancellationTokenSource();
        CancellationToken token = cancelableToken ? caller.Token : CancellationToken.None;
        var options = new DialOptions { LocalRole = PeerRole.Agent, ConnectTimeout = ConnectTimeout };

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(async () =>
            await TcpTransport.Instance.DialAsync(full.EndPoint, options, new TestHandler(), token));
        Assert.Contains(full.EndPoint.ToString(), timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dial_canceled_by_its_caller_is_canceled_not_timed_out()
    {
        await using var full = await FullListener.StartAsync(ConnectTimeout);
        using var caller = new CancellationTokenSource(ConnectTimeout);
        var options = new DialOptions { LocalRole = PeerRole.Agent, ConnectTimeout = TimeSpan.FromMinutes(5) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await TcpTransport.Instance.DialAsync(full.EndPoint, options, new TestHandler(), caller.Token));
    }

    /// <summary>
    /// A listening socket that never accepts, its accept queue full: Linux drops further SYNs, so a
    /// connect to it neither completes nor fails until the dialer gives up.
    /// </summary>
    private sealed class FullListener : IAsyncDisposable
    {
        private readonly Socket _listening = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _queued = [];

        public IPEndPoint EndPoint => (IPEndPoint)_listening.LocalEndPoint!;

        /// <summary>Connects until a connect does not complete within <paramref name="patience"/> (the queue is full).</summary>
        public static async Task<FullListener> StartAsync(TimeSpan patience)
        {
            var full = new FullListener();
            full._listening.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            full._listening.Listen(0);
            for (int i = 0; i < 16; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                full._queued.Add(socket);
                using var wait = new CancellationTokenSource(patience);
                try
                {
                    await socket.ConnectAsync(full.EndPoint, wait.Token);
                }
                catch (OperationCanceledException)
                {
                    return full;
                }
            }

            await full.DisposeAsync();
            throw new InvalidOperationException("the listener's accept queue never filled");
        }

        public ValueTask DisposeAsync()
        {
            foreach (Socket socket in _queued)
                socket.Dispose();
            _listening.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
