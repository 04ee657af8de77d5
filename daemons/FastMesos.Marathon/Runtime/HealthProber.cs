using FastMesos.Apps.Health;
using FastMesos.Apps.Model;
using FastMesos.Hosting.Http;
using FastMesos.Marathon.Runtime.Probing;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Runs Marathon-level health probes (HTTP, HTTPS without certificate checks, TCP connect) from
/// the leader, each bounded by the check's <c>timeoutSeconds</c>, at most <see cref="MaxConcurrent"/>
/// at a time (Marathon's <c>--max_concurrent_marathon_health_checks</c>): plain-HTTP probes queue in
/// their prober past that bound; the TCP and HTTPS ones share a second bound of the same size,
/// taken with <see cref="TryStart"/>.
/// Probes never throw: a refused connection, a timeout or a bad status is a failed result with its cause.
/// HTTP and TCP probes run on raw sockets (<see cref="HttpProbeClient"/>: kept-alive connections, no
/// per-probe allocation); HTTPS ones on an <c>HttpClient</c> (TLS; rare at scale).
/// </summary>
internal sealed class HealthProber : IDisposable
{
    public const int MaxConcurrent = 256;

    private readonly HttpProbeClient _probes = new(HttpProbeClient.IdleTimeout, MaxConcurrent);
    private readonly Lazy<HttpClient> _https = new(ProbeHttpClient.Create);
    private int _inFlight;
    private long _completed;
    private long _failed;

    /// <summary>Probes finished so far (any outcome); <see cref="Failed"/> of them did not pass.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>False when <see cref="MaxConcurrent"/> TCP or HTTPS probes are already running (the caller tries again later).</summary>
    public bool TryStart() => Interlocked.Increment(ref _inFlight) <= MaxConcurrent || Release();

    private bool Release()
    {
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Connections the HTTP/TCP prober dialed so far (keep-alive reuse: far fewer than probes).</summary>
    public long Dialed => _probes.Dialed;

    /// <summary>
    /// Runs one TCP or HTTPS probe (never throws); call only after <see cref="TryStart"/> returned
    /// true, and <see cref="Finish"/> with its result. Not an async method itself: each async level that
    /// waits costs a state machine box at 256 probes in flight.
    /// </summary>
    public ValueTask<(bool? Passed, string? Cause)> ProbeAsync(HealthCheck check, string host, int port) => check.Protocol switch
    {
        HealthCheckProtocol.Http => _probes.ProbeHttpAsync(check, host, port),
        HealthCheckProtocol.Tcp => _probes.ProbeTcpAsync(check, host, port),
        _ => new ValueTask<(bool? Passed, string? Cause)>(ProbeHttpsAsync(check, host, port)),
    };

    /// <summary>
    /// Starts one plain-HTTP probe whose result goes to <paramref name="sink"/> on the prober's
    /// thread (no task, no thread-pool hop per probe). It takes no <see cref="TryStart"/> slot (its
    /// prober keeps its own bound); count its result with <see cref="Counted"/>.
    /// </summary>
    public void StartHttp(HealthCheck check, string host, int port, IHttpProbeSink sink, in ProbeTicket ticket) =>
        _probes.StartHttp(check, host, port, sink, ticket);

    /// <summary>Frees a TCP or HTTPS probe's slot and counts its result.</summary>
    public void Finish(bool? passed)
    {
        Interlocked.Decrement(ref _inFlight);
        Counted(passed);
    }

    /// <summary>Counts a probe's result.</summary>
    public void Counted(bool? passed)
    {
        Interlocked.Increment(ref _completed);
        if (passed != true)
            Interlocked.Increment(ref _failed);
    }

    private async Task<(bool? Passed, string? Cause)> ProbeHttpsAsync(HealthCheck check, string host, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, check.TimeoutSeconds)));
            string path = string.IsNullOrEmpty(check.Path) ? "/" : check.Path;
            using HttpResponseMessage response = await _https.Value.GetAsync(new Uri($"https://{host}:{port}{path}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            bool? passed = HealthPolicy.HttpPasses(check, status);
            return (passed, passed == false ? $"{status} {response.ReasonPhrase}" : null);
        }
        catch (OperationCanceledException)
        {
            return (false, $"health check timed out after {check.TimeoutSeconds} s");
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            return (false, e.Message);
        }
    }

    public void Dispose()
    {
        _probes.Dispose();
        if (_https.IsValueCreated)
            _https.Value.Dispose();
    }

    /// <summary>The port a check probes on an instance: <c>port</c>, else the host port at <c>portIndex</c> (0 by default).</summary>
    public static int? PortOf(HealthCheck check, Instance instance)
    {
        if (check.Port is { } port)
            return port;
        int index = check.PortIndex ?? 0;
        return index < instance.HostPorts.Count ? instance.HostPorts[index] : null;
    }

    /// <summary>The address to probe: the agent's host as Marathon knows it (an address or a name; the prober resolves names when it dials).</summary>
    public static string HostOf(Instance instance) => instance.Host ?? "127.0.0.1";
}
