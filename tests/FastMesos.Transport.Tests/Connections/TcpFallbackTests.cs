using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Buffers;
using FastMesos.Transport.Tests.Connections.Support;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>The hook for serving HTTP and the wire on one port: non-wire bytes go to a fallback, wire peers are unaffected.</summary>
public sealed class TcpFallbackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Non_wire_bytes_go_to_the_fallback_with_nothing_consumed()
    {
        var pool = new DiagnosticMemoryPool();
        var log = new TestLog(output);
        var server = new TestHandler { Echo = true };
        var options = new ListenerOptions
        {
            LocalRole = PeerRole.Master,
            MemoryPool = pool,
            Log = log.Sink,
            NonWireFallback = ServeHelloAsync,
        };
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, server);

        await using (RawSocketPeer http = await RawSocketPeer.ConnectAsync(listener.LocalEndPoint))
        {
            await http.SendAsync("GET /state HTTP/1.0\r\n\r\n"u8.ToArray());
            string response = Encoding.ASCII.GetString(await http.ReceiveUntilClosedAsync());
            Assert.Equal("HTTP/1.0 200 OK\r\n\r\nyou asked: GET /state HTTP/1.0", response);
        }

        var client = new TestHandler();
        FrameConnection wire = await TcpTransport.Instance.DialAsync(listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Agent, MemoryPool = pool }, client);
        Assert.True(await Wait.Sent(wire.SendAsync(1, new byte[] { 42 })));
        await client.WaitForFramesAsync(wire, 1);

        await Wait.For(wire.CloseAsync(), "the wire connection to close");
        await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
        await pool.AssertAllReturnedAsync();
        // A connection handed to the fallback is not a wire peer: its end is not logged as a wire close.
        Assert.False(log.Contains("the non-wire fallback finished"));
    }

    private static async ValueTask ServeHelloAsync(IDuplexPipe pipe, EndPoint? remote)
    {
        // The sniffed bytes are still there: the request line starts with "GET".
        while (true)
        {
            ReadResult result = await pipe.Input.ReadAsync();
            SequencePosition? end = result.Buffer.PositionOf((byte)'\r');
            if (end is { } position)
            {
                string requestLine = Encoding.ASCII.GetString(result.Buffer.Slice(0, position));
                pipe.Input.AdvanceTo(result.Buffer.End);
                await pipe.Output.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\nyou asked: " + requestLine));
                return;
            }

            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
                return;
        }
    }
}
