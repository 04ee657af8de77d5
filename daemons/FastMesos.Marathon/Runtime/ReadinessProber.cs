using System.Net.Sockets;
using System.Text;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Model;
using FastMesos.Hosting.Http;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Runs readiness probes (HTTP GET, HTTPS without certificate checks) from the leader, each bounded
/// by the check's <c>timeoutSeconds</c> on the injected clock, at most <see cref="MaxConcurrent"/>
/// at a time. Probes never throw: a refused connection or a timeout is "not ready" without a response.
/// </summary>
internal sealed class ReadinessProber(TimeProvider time) : IDisposable
{
    public const int MaxConcurrent = 64;

    /// <summary>A preserved body is cut here: it is shown in API answers, not archived.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private readonly HttpClient _http = ProbeHttpClient.Create();
    private int _inFlight;

    /// <summary>False when <see cref="MaxConcurrent"/> probes are already running (the caller tries again next tick).</summary>
    public bool TryStart()
    {
        if (Interlocked.Increment(ref _inFlight) <= MaxConcurrent)
            return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Runs one probe; call only after <see cref="TryStart"/> returned true.</summary>
    public async Task<(bool Ready, ReadinessResponse? Response)> ProbeAsync(ReadinessCheck check, string host, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, check.TimeoutSeconds)), time);
            string scheme = string.Equals(check.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
            string path = string.IsNullOrEmpty(check.Path) ? "/" : check.Path[0] == '/' ? check.Path : "/" + check.Path;
            using HttpResponseMessage response = await _http.GetAsync(new Uri($"{scheme}://{host}:{port}{path}"),
                HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            bool ready = ReadinessPolicy.IsReady(check, status);
            if (!check.PreserveLastResponse)
                return (ready, null);
            string contentType = response.Content.Headers.ContentType?.ToString() ?? "";
            string body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return (ready, new ReadinessResponse(status, contentType, body));
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or SocketException or IOException)
        {
            return (false, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancel)
    {
        Stream stream = await content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = new byte[MaxBodyBytes];
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), cancel).ConfigureAwait(false);
                if (read == 0)
                    break;
                filled += read;
            }
            return Encoding.UTF8.GetString(buffer, 0, filled);
        }
    }

    public void Dispose() => _http.Dispose();
}
