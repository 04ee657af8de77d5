using System.Buffers;
using System.Text.Json;
using FastMesos.Agent.Runtime;
using FastMesos.Hosting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Agent.Http;

/// <summary>
/// The agent's HTTP endpoints (specs/mesos.md §3.3): <c>/state</c> (also <c>/state.json</c> and
/// <c>/slave(1)/state</c>), <c>/flags</c>, <c>/health</c>, <c>/metrics/snapshot</c>,
/// <c>/monitor/statistics</c>, <c>/files/read</c> and <c>/files/browse</c>. State is written under the
/// runtime's lock into a buffer, then sent outside it. The host (Kestrel on the agent's port) is the
/// integrator's; this only maps routes.
/// </summary>
public static class AgentHttp
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder routes, AgentRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(runtime);
        RequestDelegate state = ctx => Json(ctx, runtime.Read(s => Buffer(w => AgentStateJson.WriteState(w, s))));
        routes.MapGet("/state", state);
        routes.MapGet("/state.json", state);
        routes.MapGet("/slave(1)/state", state);
        routes.MapGet("/slave(1)/state.json", state);
        routes.MapGet("/flags", ctx => Json(ctx, Buffer(w => AgentStateJson.WriteFlags(w, runtime.Options))));
        routes.MapGet("/health", static ctx => { ctx.Response.StatusCode = 200; return Task.CompletedTask; });
        routes.MapGet("/metrics/snapshot", ctx => Json(ctx, runtime.Read(s => Buffer(w => AgentMetrics.Write(w, s, runtime.Uptime)))));
        routes.MapGet("/metrics/prometheus", ctx => PrometheusHttp.WriteAsync(ctx,
            PrometheusText.FromFlatSnapshot(runtime.Read(s => Buffer(w => AgentMetrics.Write(w, s, runtime.Uptime))).WrittenSpan)));
        RequestDelegate monitor = ctx =>
        {
            List<AgentMonitor.Entry> entries = runtime.Read(AgentMonitor.List);
            double now = runtime.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
            return Json(ctx, Buffer(w => AgentMonitor.Write(w, entries, runtime.Options.Containerizer, now)));
        };
        routes.MapGet("/monitor/statistics", monitor);
        routes.MapGet("/monitor/statistics.json", monitor);
        routes.MapGet("/files/read", ctx => Files(ctx, w => AgentFiles.Read(w, runtime.Paths.SandboxRoot,
            ctx.Request.Query["path"].ToString(), ctx.Request.Query["offset"].ToString(), ctx.Request.Query["length"].ToString())));
        routes.MapGet("/files/browse", ctx => Files(ctx, w => AgentFiles.Browse(w, runtime.Paths.SandboxRoot, ctx.Request.Query["path"].ToString())));
    }

    private static ArrayBufferWriter<byte> Buffer(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer;
    }

    private static Task Files(HttpContext ctx, Func<Utf8JsonWriter, int> write)
    {
        int status = 200;
        ArrayBufferWriter<byte> body;
        try
        {
            body = Buffer(w => status = write(w));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            status = 404;
            body = Buffer(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", e.Message);
                w.WriteEndObject();
            });
        }

        return Json(ctx, body, status);
    }

    private static async Task Json(HttpContext ctx, ArrayBufferWriter<byte> body, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.WrittenCount;
        await ctx.Response.Body.WriteAsync(body.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
    }
}
