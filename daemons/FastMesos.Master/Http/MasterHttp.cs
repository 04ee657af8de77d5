using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FastMesos.Engine.Master;
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
/// redirect. Each response is built under the master's lock into pooled segments, then written outside it.
/// </summary>
public static class MasterHttp
{
    public static void MapMasterEndpoints(this IEndpointRouteBuilder routes, MasterServer server)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(server);
        MasterLeadership leadership = server.Leadership;
        MapBoth(routes, "state", ctx => JsonWith(ctx, server, leadership, static (w, core, l) => MasterStateJson.WriteState(w, core, l)));
        MapBoth(routes, "state.json", ctx => JsonWith(ctx, server, leadership, static (w, core, l) => MasterStateJson.WriteState(w, core, l)));
        MapBoth(routes, "state-summary", ctx => JsonWith(ctx, server, leadership, static (w, core, l) => MasterStateJson.WriteSummary(w, core, l)));
        MapBoth(routes, "frameworks", ctx => Json(ctx, server, static (w, core, q) => MasterStateJson.WriteFrameworks(w, core, q["framework_id"].ToString())));
        MapBoth(routes, "slaves", ctx => Json(ctx, server, static (w, core, q) => MasterStateJson.WriteAgents(w, core, q["slave_id"].ToString())));
        MapBoth(routes, "tasks", ctx => Tasks(ctx, server));
        MapBoth(routes, "health", static ctx => { ctx.Response.StatusCode = 200; return Task.CompletedTask; });
        MapBoth(routes, "redirect", ctx => Redirect(ctx, server));
        routes.MapGet("/metrics/snapshot", ctx => JsonWith(ctx, server, server, static (w, core, s) => MasterMetrics.Write(w, core, s.Leadership.IsElected, s.Registrar)));
        routes.MapGet("/metrics/prometheus", ctx => PrometheusHttp.WriteAsync(ctx, PrometheusText.FromFlatSnapshot(server.Read(core =>
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer))
                MasterMetrics.Write(writer, core, server.Leadership.IsElected, server.Registrar);
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
        return JsonWith(ctx, server, query, static (w, core, query) => MasterStateJson.WriteTasks(w, core, query));
    }

    private static Task BadRequest(HttpContext ctx, string field, string message)
    {
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["field"] = field, ["message"] = $"{field}: {message}" }));
    }

    private static Task Json(HttpContext ctx, MasterServer server, Action<Utf8JsonWriter, MasterCore, IQueryCollection> write) =>
        JsonWith(ctx, server, ctx.Request.Query, write);

    private static async Task JsonWith<TState>(HttpContext ctx, MasterServer server, TState state, Action<Utf8JsonWriter, MasterCore, TState> write)
    {
        using PooledSegmentBuffer buffer = server.Read(core => RenderJson(core, state, write));
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        await buffer.WriteToAsync(ctx.Response.BodyWriter, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes one document of <paramref name="core"/> into pooled segments (called under the master's
    /// lock); the caller writes them out and disposes them after releasing the lock.
    /// </summary>
    internal static PooledSegmentBuffer RenderJson<TState>(MasterCore core, TState state, Action<Utf8JsonWriter, MasterCore, TState> write)
    {
        var buffer = new PooledSegmentBuffer(RenderSegments);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            write(writer, core, state);
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
