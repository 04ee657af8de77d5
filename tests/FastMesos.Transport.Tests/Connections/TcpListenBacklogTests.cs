using System.Diagnostics;
using System.Globalization;
using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// The accept queue a listener asks the kernel for, read back from the kernel's socket table
/// (<c>ss</c>, iproute2: a listening socket's Send-Q is its backlog). With 512, a master's warm-up
/// of 2,000 loopback agents dialing at once had 3,502 handshakes dropped and retried a second
/// later; a storm of agents reconnecting to a new master meets the same queue.
/// </summary>
public sealed class TcpListenBacklogTests
{
    [Fact]
    public async Task A_listener_asks_for_an_accept_queue_of_4096_connections_or_the_kernels_cap()
    {
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), new ListenerOptions { LocalRole = PeerRole.Master }, new TestHandler());
        try
        {
            int port = ((IPEndPoint)listener.LocalEndPoint).Port;
            int cap = int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), CultureInfo.InvariantCulture);

            Assert.Equal(Math.Min(4096, cap), await ListenBacklogAsync(port));
        }
        finally
        {
            await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
        }
    }

    [Fact]
    public async Task A_listener_takes_the_backlog_it_is_given()
    {
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), new ListenerOptions { LocalRole = PeerRole.Master, Backlog = 100 }, new TestHandler());
        try
        {
            Assert.Equal(100, await ListenBacklogAsync(((IPEndPoint)listener.LocalEndPoint).Port));
        }
        finally
        {
            await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
        }
    }

    // `ss -ltnH 'sport = :P'` prints e.g. "LISTEN 0 4096 127.0.0.1:P 0.0.0.0:*": state, Recv-Q, Send-Q, ...
    private static async Task<int> ListenBacklogAsync(int port)
    {
        var start = new ProcessStartInfo("ss", ["-ltnH", $"sport = :{port.ToString(CultureInfo.InvariantCulture)}"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process ss = Process.Start(start) ?? throw new InvalidOperationException("ss did not start");
        string output = await ss.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ss.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string[] fields = output.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fields.Length >= 3 && fields[0] == "LISTEN", $"ss printed '{output}' for port {port}");
        return int.Parse(fields[2], CultureInfo.InvariantCulture);
    }
}
