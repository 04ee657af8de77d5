using FastMesos.Hosting.Metrics;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>GET /metrics</c> (Marathon 1.7+'s JSON) and <c>GET /metrics/prometheus</c> (text format 0.0.4;
/// not mapped with <c>--disable_metrics_prometheus</c>, so it answers 404). Both first have the
/// runtime's loop publish its state counts, so the gauges are current.
/// </summary>
internal static class MetricsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime, bool prometheus, Action<string>? log)
    {
        routes.MapGet("/metrics", ctx => ApiHandler.Run(ctx, log, async () =>
        {
            await runtime.RefreshMetricsAsync().ConfigureAwait(false);
            await ApiResults.Json(ctx, 200, runtime.Metrics.Registry, static (w, r) => r.WriteJson(w)).ConfigureAwait(false);
        }));
        if (!prometheus)
            return;
        routes.MapGet("/metrics/prometheus", ctx => ApiHandler.Run(ctx, log, async () =>
        {
            await runtime.RefreshMetricsAsync().ConfigureAwait(false);
            await PrometheusHttp.WriteAsync(ctx, runtime.Metrics.Registry.ToPrometheus()).ConfigureAwait(false);
        }));
    }
}
