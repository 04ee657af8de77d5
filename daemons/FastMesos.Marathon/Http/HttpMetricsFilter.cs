using FastMesos.Marathon.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FastMesos.Marathon.Http;

/// <summary>
/// The first filter of Marathon's HTTP pipeline: <c>http.requests.active.gauge</c>, the
/// <c>http.responses.Nxx.rate.meter</c>s, the request duration timers (all, and per method) and the
/// request/response byte counters. It runs before authentication, so refused requests count too.
/// A request with a Content-Length adds it at once; a chunked one is counted as its body is read.
/// The response body is counted through a <see cref="CountingStream"/>; the original body feature is
/// restored afterwards, so nothing downstream of Kestrel sees the wrapper.
/// </summary>
internal static class HttpMetricsFilter
{
    public static async Task InvokeAsync(HttpContext ctx, RequestDelegate next, MarathonMetrics metrics, TimeProvider time)
    {
        long start = time.GetTimestamp();
        metrics.RequestStarted();
        if (ctx.Request.ContentLength is long length)
            metrics.RequestBytes.Add(length);
        else
            ctx.Request.Body = new CountingStream(ctx.Request.Body, metrics.RequestBytes);
        IHttpResponseBodyFeature original = ctx.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var counted = new StreamResponseBodyFeature(new CountingStream(original.Stream, metrics.ResponseBytes, ctx.Response, metrics.EventStreamBytes), original);
        ctx.Features.Set<IHttpResponseBodyFeature>(counted);
        int status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(ctx).ConfigureAwait(false);
            await counted.CompleteAsync().ConfigureAwait(false); // flushes anything written through BodyWriter
            status = ctx.Response.StatusCode;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ctx.RequestAborted.IsCancellationRequested)
        {
            status = ctx.Response.StatusCode; // the client went away (an event stream closing): not a server error
        }
        finally
        {
            ctx.Features.Set(original);
            metrics.RequestEnded(ctx.Request.Method, status, time.GetElapsedTime(start));
        }
    }
}
