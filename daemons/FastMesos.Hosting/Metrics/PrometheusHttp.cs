using System.Text;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Hosting.Metrics;

/// <summary>Answers a <c>/metrics/prometheus</c> request with text already rendered (<see cref="PrometheusText"/>).</summary>
public static class PrometheusHttp
{
    public static async Task WriteAsync(HttpContext ctx, string text)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(text);
        byte[] body = Encoding.UTF8.GetBytes(text);
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = PrometheusText.ContentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }
}
