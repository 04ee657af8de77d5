using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Http;

/// <summary>
/// A standby's forwarding of REST calls to the leader (Marathon's <c>LeaderProxyFilter</c>,
/// specs/marathon.md §8): method, path, query, body and end-to-end headers (the Authorization header
/// included) go to the leader with <c>X-Forwarded-For</c> added; the leader's status, headers and
/// body come back with <c>X-Marathon-Via</c> added. A request that already passed through this
/// Marathon is refused (a loop while the leader is changing). Timeouts as Marathon's defaults
/// (connect 5 s, read 10 s).
/// </summary>
internal sealed class LeaderProxy : IDisposable
{
    public const string ViaHeader = "X-Marathon-Via";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpClient _client;
    private readonly string _via;

    public LeaderProxy(string self)
    {
        _via = "1.1 " + self;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = 64,
        })
        { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Forwards the request to <paramref name="leader"/> (<c>host:port</c>) and copies the answer back.</summary>
    public async Task ForwardAsync(HttpContext ctx, string leader)
    {
        HttpRequest request = ctx.Request;
        if (request.Headers[ViaHeader].ToString().Contains(_via, StringComparison.Ordinal))
        {
            await ApiResults.Message(ctx, StatusCodes.Status503ServiceUnavailable, "Could not determine the current leader").ConfigureAwait(false);
            return;
        }

        var target = new Uri($"http://{leader}{request.PathBase}{request.Path}{request.QueryString}");
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
            forward.Content = new StreamContent(request.Body);
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        string? client = ctx.Connection.RemoteIpAddress?.ToString();
        string forwardedFor = request.Headers["X-Forwarded-For"].ToString();
        forward.Headers.Remove("X-Forwarded-For");
        forward.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Length == 0 ? client : $"{forwardedFor}, {client}");
        forward.Headers.TryAddWithoutValidation(ViaHeader, _via);

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ctx.RequestAborted.IsCancellationRequested)
        {
            await ApiResults.Message(ctx, StatusCodes.Status502BadGateway, $"Could not reach the leader {leader}: {e.Message}").ConfigureAwait(false);
            return;
        }

        using (response)
        {
            ctx.Response.StatusCode = (int)response.StatusCode;
            CopyHeaders(ctx.Response.Headers, response.Headers);
            CopyHeaders(ctx.Response.Headers, response.Content.Headers);
            ctx.Response.Headers[ViaHeader] = _via;
            await response.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void CopyHeaders(IHeaderDictionary to, System.Net.Http.Headers.HttpHeaders from)
    {
        foreach (KeyValuePair<string, IEnumerable<string>> header in from)
        {
            if (!HopByHop.Contains(header.Key))
                to[header.Key] = header.Value.ToArray();
        }
    }

    public void Dispose() => _client.Dispose();
}
