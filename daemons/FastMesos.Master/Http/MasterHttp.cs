using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting;
using FastMesos.Hosting.Json;
using FastMesos.Hosting.Metrics;
using FastMesos.Master.Ha;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Master.Http;

/// <summary>
/// The master's HTTP endpoints (specs/mesos.md §3.1), each at <c>/master/x</c> and <c>/x</c> as in
/// Mesos: state, state-summary, frameworks, slaves, tasks, metrics/snapshot, health, version,
/// redirect. The documents of agents, frameworks and tasks are written from a <see cref="MasterSnapshot"/>
/// taken under the master's lock, after releasing it; the small ones (metrics, version) are written
/// under the lock. Either way into pooled segments, sent after.
/// </summary>
public static class MasterHttp
{
    public static void MapMasterEndpoints(this IEndpointRouteBuilder routes, MasterServer server)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(server);
        MasterLeadership leadership = server.Leadership;
        MapBoth(routes, "state", ctx => State(ctx, server, leadership));
        MapBoth(routes, "state.json", ctx => State(ctx, server, leadership));
        MapBoth(routes, "state-summary", ctx => Document(ctx, server, leadership, static (w, s, l) => MasterStateJson.WriteSummary(w, s, l)));
        MapBoth(routes, "frameworks", ctx => Document(ctx, server, ctx.Request.Query["framework_id"].ToString(), static (w, s, id) => MasterStateJson.WriteFrameworks(w, s, id)));
        MapBoth(routes, "slaves", ctx => Document(ctx, server, ctx.Request.Query["slave_id"].ToString(), static (w, s, id) => MasterStateJson.WriteAgents(w, s, id)));
        MapBoth(routes, "tasks", ctx => Tasks(ctx, server));
        MapBoth(routes, "health", static ctx => { ctx.Response.StatusCode = 200; return Task.CompletedTask; });
        MapBoth(routes, "redirect", ctx => Redirect(ctx, server));
        routes.MapGet("/metrics/snapshot", ctx => JsonWith(ctx, server, server, static (w, core, s) => MasterMetrics.Write(w, core, s.Leadership.IsElected, s.Registrar, s.HeartbeatCounters)));
        routes.MapGet("/metrics/prometheus", ctx => PrometheusHttp.WriteAsync(ctx, PrometheusText.FromFlatSnapshot(server.Read(core =>
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer))
                MasterMetrics.Write(writer, core, server.Leadership.IsElected, server.Registrar, server.HeartbeatCounters);
            return buffer;
        }).WrittenSpan)));
        routes.MapGet("/version", ctx => Json(ctx, server, static (w, core, _) =>
        {
            w.WriteStartObject();
            w.WriteString("version", core.Options.Version);
            w.WriteString("build_user", "fastmesos");
            w.WriteString("build_date", "");
            w.WriteNumber("build_time", 0);
            w.WriteString("git_sha", "");
            w.WriteEndObject();
        }));
    }

    private static void MapBoth(IEndpointRouteBuilder routes, string name, RequestDelegate handler)
    {
        routes.MapGet("/master/" + name, handler);
        routes.MapGet("/" + name, handler);
    }

    /// <summary>
    /// Mesos redirects to <c>//leader-hostname:port</c>: the leader to itself, a standby to the leader
    /// it detected, and a standby that knows no leader answers 503.
    /// </summary>
    private static Task Redirect(HttpContext ctx, MasterServer server)
    {
        MasterLeadership leadership = server.Leadership;
        string? location = null;
        if (leadership.IsElected)
            location = $"//{server.Options.Core.Hostname}:{server.LocalEndPoint.Port}";
        else if (leadership.Leader is { } leader)
            location = $"//{leader.Host}:{leader.Port}";
        if (location is null)
        {
            ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return ctx.Response.WriteAsync("No leading master is known");
        }

        ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static Task Tasks(HttpContext ctx, MasterServer server)
    {
        IQueryCollection q = ctx.Request.Query;
        int limit = 100;
        int offset = 0;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
            return BadRequest(ctx, "limit", $"'{l}' is not a non-negative integer");
        if (q.TryGetValue("offset", out var o) && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
            return BadRequest(ctx, "offset", $"'{o}' is not a non-negative integer");
        string order = q.TryGetValue("order", out var ord) ? ord.ToString() : "asc";
        if (order is not ("asc" or "desc"))
            return BadRequest(ctx, "order", $"'{order}' is not asc or desc");
        var query = new TaskQuery(limit, offset, order == "desc", q["framework_id"].ToString(), q["task_id"].ToString());
        return Document(ctx, server, query, static (w, s, query) => MasterStateJson.WriteTasks(w, s, query));
    }

    private static Task BadRequest(HttpContext ctx, string field, string message)
    {
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["field"] = field, ["message"] = $"{field}: {message}" }));
    }

    private static Task Json(HttpContext ctx, MasterServer server, Action<Utf8JsonWriter, MasterCore, IQueryCollection> write) =>
        JsonWith(ctx, server, ctx.Request.Query, write);

    /// <summary>
    /// <c>/master/state</c>: JSON, or the same document as MessagePack when the request's
    /// <c>Accept</c> names <c>application/x-msgpack</c> (or <c>application/msgpack</c>).
    /// </summary>
    private static async Task State(HttpContext ctx, MasterServer server, MasterLeadership leadership)
    {
        if (!AcceptsMessagePack(ctx.Request))
        {
            await Document(ctx, server, leadership, static (w, s, l) => MasterStateJson.WriteState(w, s, l)).ConfigureAwait(false);
            return;
        }

        PooledSegmentBuffer buffer;
        using (MasterSnapshot snapshot = server.Read(MasterSnapshot.Take))
            buffer = await Renderer.Run(static job => RenderMessagePack(job.Snapshot, job.Leadership), (Snapshot: snapshot, Leadership: leadership)).ConfigureAwait(false);
        using (buffer)
            await Send(ctx, buffer, MessagePackType).ConfigureAwait(false);
    }

    /// <summary>
    /// Renders the documents written from a <see cref="MasterSnapshot"/>, off the thread pool and
    /// below the control plane's priority: a 60–80 ms render no longer holds one of the pool's
    /// workers, and pings, pongs, status updates and offers preempt it. One thread per two cores (a query waits for the one before it on a 2-core box; they share
    /// the same cores either way). Process-wide: several masters in one process (the tests) share it.
    /// </summary>
    private static readonly BackgroundRenderer Renderer = new("master render", Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>Writes the state document of <paramref name="snapshot"/> as MessagePack into pooled segments; the caller writes them out and disposes them.</summary>
    internal static PooledSegmentBuffer RenderMessagePack(MasterSnapshot snapshot, MasterLeadership leadership)
    {
        var buffer = new PooledSegmentBuffer(RenderSegments);
        try
        {
            MasterStateMessagePack.WriteState(new MessagePackDocumentWriter(buffer), snapshot, leadership);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    internal const string MessagePackType = "application/x-msgpack";

    /// <summary>Whether <c>Accept</c> names MessagePack (<c>application/x-msgpack</c> or <c>application/msgpack</c>) with a quality above 0.</summary>
    internal static bool AcceptsMessagePack(HttpRequest request)
    {
        foreach (Microsoft.Net.Http.Headers.MediaTypeHeaderValue accepted in request.GetTypedHeaders().Accept)
        {
            if (accepted.MediaType.Equals(MessagePackType, StringComparison.OrdinalIgnoreCase)
                || accepted.MediaType.Equals("application/msgpack", StringComparison.OrdinalIgnoreCase))
                return accepted.Quality is not 0;
        }

        return false;
    }

    private static async Task JsonWith<TState>(HttpContext ctx, MasterServer server, TState state, Action<Utf8JsonWriter, MasterCore, TState> write)
    {
        using PooledSegmentBuffer buffer = server.Read(core => RenderJson(core, state, write));
        await Send(ctx, buffer, "application/json").ConfigureAwait(false);
    }

    /// <summary>A document of agents, frameworks or tasks: copied under the lock, written after it.</summary>
    private static async Task Document<TState>(HttpContext ctx, MasterServer server, TState state, Action<Utf8JsonWriter, MasterSnapshot, TState> write)
    {
        PooledSegmentBuffer buffer;
        using (MasterSnapshot snapshot = server.Read(MasterSnapshot.Take))
            buffer = await Renderer.Run(static job => RenderJson(job.Snapshot, job.State, job.Write), (Snapshot: snapshot, State: state, Write: write)).ConfigureAwait(false);
        using (buffer)
            await Send(ctx, buffer, "application/json").ConfigureAwait(false);
    }

    private static ValueTask Send(HttpContext ctx, PooledSegmentBuffer buffer, string contentType)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = buffer.WrittenCount;
        return buffer.WriteToAsync(ctx.Response.BodyWriter, ctx.RequestAborted);
    }

    /// <summary>
    /// Writes one document of <paramref name="source"/> (the core, under the master's lock, or a
    /// <see cref="MasterSnapshot"/>) into pooled segments; the caller writes them out and disposes them.
    /// </summary>
    internal static PooledSegmentBuffer RenderJson<TSource, TState>(TSource source, TState state, Action<Utf8JsonWriter, TSource, TState> write)
    {
        var buffer = new PooledSegmentBuffer(RenderSegments);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            write(writer, source, state);
            writer.Flush();
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    // The segments of every document the master renders, kept for the next render: a state document
    // of 10,000 agents and 100,000 tasks is ~640 segments (40 MB), and with the shared pool, which
    // keeps a few dozen, each query allocated most of them afresh: at 10k agents a quarter of the
    // master's time in a state query went to zeroing fresh pages, and the segments were promoted
    // (alive for the whole render) and collected by full GCs. Bounded at 1,024 segments (64 MiB);
    // a document beyond that allocates the rest and drops them after.
    private static readonly ArrayPool<byte> RenderSegments = PooledSegmentBuffer.CreateSegmentPool(1024);

    // Debug builds (the tests) keep the writer's structure checks; release builds skip them: the
    // writers are fixed code whose output the tests parse, and the checks cost per token.
#if DEBUG
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = false };
#else
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
#endif
}
