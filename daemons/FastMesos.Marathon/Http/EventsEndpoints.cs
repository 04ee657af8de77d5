using FastMesos.Marathon.Events;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>GET /v2/events</c> (specs/marathon.md §7): a <c>text/event-stream</c> that stays open, with
/// repeatable <c>event_type</c> filters; <c>plan-format=light</c> is accepted (light is the only
/// format). A request that does not accept <c>text/event-stream</c> gets 405, as in Marathon's RAML.
/// A client that falls behind its buffer is disconnected.
/// </summary>
internal static class EventsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime) =>
        routes.MapGet("/v2/events", ctx => StreamAsync(ctx, runtime.Events));

    private static async Task StreamAsync(HttpContext ctx, EventBus bus)
    {
        if (!ctx.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            await ApiResults.Message(ctx, StatusCodes.Status405MethodNotAllowed, "Use Accept: text/event-stream for the event stream").ConfigureAwait(false);
            return;
        }

        var types = new List<string>();
        foreach (string? type in ctx.Request.Query["event_type"])
        {
            if (!string.IsNullOrEmpty(type))
                types.Add(type);
        }
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        EventSubscriber subscriber = bus.Subscribe(types, ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        try
        {
            await foreach (byte[] message in subscriber.Messages.ReadAllAsync(ctx.RequestAborted).ConfigureAwait(false))
            {
                await ctx.Response.Body.WriteAsync(message, ctx.RequestAborted).ConfigureAwait(false);
                if (subscriber.Messages.Count == 0)
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            bus.Unsubscribe(subscriber);
        }
    }
}
