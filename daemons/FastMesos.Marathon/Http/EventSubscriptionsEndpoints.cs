using FastMesos.Marathon.Events;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>/v2/eventSubscriptions</c> (specs/marathon.md §1.1, Marathon ≤1.4): GET lists the callback
/// URLs, POST and DELETE with <c>?callbackUrl=</c> subscribe and unsubscribe (both idempotent) and
/// answer with the <c>subscribe_event</c> / <c>unsubscribe_event</c> they publish. The change is
/// stored before the 200. Without <c>--event_subscriber http_callback</c> every call is a 400 with
/// Marathon's message; a missing or non-http(s) <c>callbackUrl</c> is a 422 naming the field.
/// </summary>
internal static class EventSubscriptionsEndpoints
{
    private const string Path = "/v2/eventSubscriptions";
    private const string NotEnabled = "http event callback system is not running on this Marathon instance. "
        + "Please re-start this instance with \"--event_subscriber http_callback\".";

    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime, Action<string>? log)
    {
        routes.MapGet(Path, ctx => runtime.EventCallbacks is not { } callbacks
            ? ApiResults.Message(ctx, StatusCodes.Status400BadRequest, NotEnabled)
            : ApiResults.Json(ctx, StatusCodes.Status200OK, callbacks.CallbackUrls, static (w, urls) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("callbackUrls");
                foreach (string url in urls)
                    w.WriteStringValue(url);
                w.WriteEndArray();
                w.WriteEndObject();
            }));
        routes.MapPost(Path, ctx => ApiHandler.Run(ctx, log, () => ChangeAsync(ctx, runtime.EventCallbacks, subscribe: true)));
        routes.MapDelete(Path, ctx => ApiHandler.Run(ctx, log, () => ChangeAsync(ctx, runtime.EventCallbacks, subscribe: false)));
    }

    private static async Task ChangeAsync(HttpContext ctx, HttpCallbackSubscriptions? callbacks, bool subscribe)
    {
        if (callbacks is null)
        {
            await ApiResults.Message(ctx, StatusCodes.Status400BadRequest, NotEnabled).ConfigureAwait(false);
            return;
        }
        string? text = ctx.Request.Query["callbackUrl"];
        if (HttpCallbackSubscriptions.ParseUrl(text, out string? error) is not { } url)
        {
            await ApiResults.Invalid(ctx, "Object is not valid", [("/callbackUrl", [error!])]).ConfigureAwait(false);
            return;
        }
        string clientIp = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        DateTimeOffset at = subscribe
            ? await callbacks.SubscribeAsync(text!, url, clientIp, ctx.RequestAborted).ConfigureAwait(false)
            : await callbacks.UnsubscribeAsync(text!, url, clientIp, ctx.RequestAborted).ConfigureAwait(false);
        await ApiResults.Json(ctx, StatusCodes.Status200OK, (text, clientIp, subscribe, at), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("callbackUrl", s.text);
            w.WriteString("clientIp", s.clientIp);
            w.WriteString("eventType", s.subscribe ? "subscribe_event" : "unsubscribe_event");
            w.WriteString("timestamp", Timestamps.Format(s.at));
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
