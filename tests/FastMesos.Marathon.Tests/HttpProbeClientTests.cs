using System.Diagnostics;
using System.Text;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime.Probing;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// The raw-socket prober of Marathon-level HTTP and TCP checks against real loopback servers:
/// Marathon's status rules, body framing, keep-alive reuse, servers that close, hang, refuse or
/// answer garbage.
/// </summary>
public sealed class HttpProbeClientTests
{
    private static readonly HealthCheck Check = new() { Protocol = HealthCheckProtocol.Http, Path = "/health", TimeoutSeconds = 2 };

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static async Task<(bool? Passed, string? Cause)> ProbeOnceAsync(string response, HealthCheck? check = null)
    {
        using var server = new ScriptedHttpServer(response);
        using var client = new HttpProbeClient();
        return await client.ProbeHttpAsync(check ?? Check, "127.0.0.1", server.Port);
    }

    [Fact]
    public async Task Statuses_200_to_399_pass_and_a_redirect_is_not_followed()
    {
        Assert.Equal((true, null), await ProbeOnceAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        using var server = new ScriptedHttpServer("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpProbeClient();
        Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(1, server.Requests);
        Assert.StartsWith($"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\n", server.LastRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statuses_404_and_500_fail_with_status_and_reason()
    {
        Assert.Equal((false, "404 Not Found"), await ProbeOnceAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"));
        Assert.Equal((false, "500 Internal Server Error"), await ProbeOnceAsync("HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n"));
        Assert.Equal((false, "503 busy"), await ProbeOnceAsync("HTTP/1.1 503 busy\r\nContent-Length: 0\r\n\r\n"));
    }

    [Fact]
    public async Task A_1xx_is_ignored_when_the_check_says_so_and_fails_otherwise()
    {
        const string Processing = "HTTP/1.1 102 Processing\r\n\r\n";
        Assert.Equal((null, null), await ProbeOnceAsync(Processing, Check with { IgnoreHttp1xx = true }));
        Assert.Equal((false, "102 Processing"), await ProbeOnceAsync(Processing));
    }

    [Fact]
    public async Task Content_length_bodies_are_drained_and_one_connection_serves_every_probe()
    {
        using var server = new ScriptedHttpServer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world");
        using var client = new HttpProbeClient();
        for (int i = 0; i < 50; i++)
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(50, server.Requests);
        Assert.Equal(1, server.Connections);
        Assert.Equal(1, client.Dialed);
        Assert.Equal(1, client.Open);
    }

    [Fact]
    public async Task Chunked_bodies_with_extensions_and_trailers_are_drained_and_the_connection_kept()
    {
        using var server = new ScriptedHttpServer(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n");
        using var client = new HttpProbeClient();
        for (int i = 0; i < 10; i++)
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(10, server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_body_larger_than_the_buffer_is_drained()
    {
        string body = new('x', 100_000);
        using var server = new ScriptedHttpServer($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        using var client = new HttpProbeClient();
        for (int i = 0; i < 3; i++)
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Headers_longer_than_the_connection_buffer_are_read_and_a_line_over_8_KiB_drops_the_connection()
    {
        string cookie = new('c', 3000);
        using var server = new ScriptedHttpServer($"HTTP/1.1 200 OK\r\nSet-Cookie: {cookie}\r\nContent-Length: 2\r\n\r\nok");
        using var huge = new ScriptedHttpServer($"HTTP/1.1 200 OK\r\nX-Huge: {new string('h', 10_000)}\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpProbeClient();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
            // The status was read; the response cannot be framed, so its connection is not reused.
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", huge.Port));
        }
        Assert.Equal(1, server.Connections);
        Assert.Equal(3, huge.Connections);
    }

    [Fact]
    public async Task Connection_close_and_unframed_bodies_get_a_fresh_connection_per_probe()
    {
        using var closing = new ScriptedHttpServer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok") { CloseAfter = static _ => true };
        // No Content-Length, not chunked: the body ends with the connection.
        using var unframed = new ScriptedHttpServer("HTTP/1.0 200 OK\r\n\r\nbody to the close") { CloseAfter = static _ => true };
        using var client = new HttpProbeClient();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", closing.Port));
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", unframed.Port));
        }
        Assert.Equal(5, closing.Connections);
        Assert.Equal(5, unframed.Connections);
        Assert.Equal(0, client.Open);
    }

    [Fact]
    public async Task A_kept_alive_connection_the_server_dropped_while_idle_is_replaced_without_a_failure()
    {
        // Keep-alive responses, but the server closes each connection after answering (an idle timeout).
        using var server = new ScriptedHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") { CloseAfter = static _ => true };
        using var client = new HttpProbeClient();
        for (int i = 0; i < 5; i++)
            Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(5, server.Requests);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_and_the_next_probe_dials_a_new_connection()
    {
        // The first request hangs; later ones are answered.
        using var server = new ScriptedHttpServer(n => n == 1 ? null : Bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        using var client = new HttpProbeClient();
        HealthCheck check = Check with { TimeoutSeconds = 1 };
        var watch = Stopwatch.StartNew();
        Assert.Equal((false, "health check timed out after 1 s"), await client.ProbeHttpAsync(check, "127.0.0.1", server.Port));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal((true, null), await client.ProbeHttpAsync(check, "127.0.0.1", server.Port));
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, client.Dialed);
        Assert.Equal(1, client.Open);
    }

    [Fact]
    public async Task A_refused_connection_fails_with_the_cause()
    {
        using var client = new HttpProbeClient();
        int port = ScriptedHttpServer.DownPort();
        (bool? passed, string? cause) = await client.ProbeHttpAsync(Check, "127.0.0.1", port);
        Assert.False(passed);
        Assert.Contains("refused", cause, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith($"(127.0.0.1:{port})", cause, StringComparison.Ordinal);
        Assert.Equal(0, client.Open);
    }

    [Fact]
    public async Task A_malformed_status_line_fails_with_a_clear_message_and_the_connection_goes()
    {
        using var server = new ScriptedHttpServer("HTTOP/9 two hundred\r\n\r\n");
        using var client = new HttpProbeClient();
        Assert.Equal((false, "malformed HTTP status line: 'HTTOP/9 two hundred'"), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal((false, "malformed HTTP status line: 'HTTOP/9 two hundred'"), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(2, server.Connections);
        Assert.Equal(0, client.Open);
    }

    [Fact]
    public async Task A_server_closing_before_answering_fails_the_probe()
    {
        using var server = new ScriptedHttpServer(static _ => null) { CloseAfter = static _ => true };
        using var client = new HttpProbeClient();
        Assert.Equal((false, $"connection closed before a response (127.0.0.1:{server.Port})"), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
    }

    [Fact]
    public async Task Tcp_checks_pass_on_a_connect_and_fail_when_refused()
    {
        using var server = new ScriptedHttpServer("unused");
        using var client = new HttpProbeClient();
        var tcp = new HealthCheck { Protocol = HealthCheckProtocol.Tcp, TimeoutSeconds = 2 };
        Assert.Equal((true, null), await client.ProbeTcpAsync(tcp, "127.0.0.1", server.Port));
        (bool? passed, string? cause) = await client.ProbeTcpAsync(tcp, "127.0.0.1", ScriptedHttpServer.DownPort());
        Assert.False(passed);
        Assert.Contains("refused", cause, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, client.Open);
    }

    [Fact]
    public async Task Idle_connections_are_closed_after_the_idle_timeout()
    {
        using var server = new ScriptedHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpProbeClient(TimeSpan.Zero);
        Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        // The idle scan runs every few seconds: wait for it (bounded) rather than sleeping.
        var watch = Stopwatch.StartNew();
        while (client.Open > 0 && watch.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(50);
        Assert.Equal(0, client.Open);
        Assert.Equal((true, null), await client.ProbeHttpAsync(Check, "127.0.0.1", server.Port));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Probes_past_the_in_flight_bound_queue_and_their_timeouts_start_when_they_are_sent()
    {
        // Requests 1 and 2 hang; 3 and 4 are answered. One probe may be in flight at a time.
        using var server = new ScriptedHttpServer(n => n <= 2 ? null : Bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        using var client = new HttpProbeClient(HttpProbeClient.IdleTimeout, maxInFlight: 1);
        var sink = new RecordingProbeSink();
        HealthCheck check = Check with { TimeoutSeconds = 1 };
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 4; i++)
            client.StartHttp(check, "127.0.0.1", server.Port, sink, new ProbeTicket(new Guid(i, 0, 0, new byte[8]), $"t{i}", 0));
        await Eventually.Until(() => sink.EndedBatches(4), "all four results and the end of their batch");
        TimeSpan elapsed = watch.Elapsed;

        var results = sink.Results;
        Assert.Equal(Enumerable.Range(0, 4).Select(i => new Guid(i, 0, 0, new byte[8])), results.Select(r => r.Ticket.InstanceUuid));
        Assert.Equal((false, "health check timed out after 1 s"), (results[0].Passed, results[0].Cause));
        // The second probe waited for the first one's timeout, then ran its own full second.
        Assert.Equal((false, "health check timed out after 1 s"), (results[1].Passed, results[1].Cause));
        Assert.True(results[1].At >= TimeSpan.FromSeconds(1.9), $"the second probe timed out {results[1].At} after it was queued");
        Assert.Equal((true, null), (results[2].Passed, results[2].Cause));
        Assert.Equal((true, null), (results[3].Passed, results[3].Cause));
        // One at a time: the fourth probe reused the third one's connection (unbounded, each would have dialed its own).
        Assert.Equal(3, server.Connections);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
    }
}
