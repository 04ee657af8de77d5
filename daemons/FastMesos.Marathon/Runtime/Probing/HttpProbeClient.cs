using System.Collections.Concurrent;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// Marathon-level plain-HTTP and TCP probes on raw sockets (issue 7: the <c>HttpClient</c> stack
/// cost ~30 µs and 2.5 KB per probe). HTTP probes run in waves on one thread
/// (<see cref="HttpProbeWaves"/>) and reuse kept-alive connections per (host, port);
/// a connection that errs, times out, is told <c>Connection: close</c> or ends its body with the
/// close is disposed and the next probe dials afresh. A probe on a reused connection that the
/// server had closed while idle (closed or reset before any response byte) is retried once on a
/// fresh one, as HTTP clients do. Timeouts: the waves thread fails exchanges past their deadline;
/// one sweep every <see cref="SweepPeriod"/> closes the sockets of connects past theirs; idle connections and endpoints are dropped after
/// <see cref="IdleTimeout"/>. Probes never throw. Thread-safe.
/// </summary>
internal sealed class HttpProbeClient : IDisposable
{
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>Idle time after which a kept-alive connection is closed (above Marathon's 60 s default interval).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

    private const long IdleScanMillis = 5_000;

    private readonly ConcurrentDictionary<(string Host, int Port), ProbeEndpoint> _endpoints = new();
    private readonly List<HttpProbeConnection> _live = [];
    private readonly List<HttpProbeConnection> _expired = [];   // the sweep's scratch (only the sweep uses it)
    private readonly Timer _sweep;
    private readonly HttpProbeWaves _waves;
    private readonly long _idleMillis;
    private long _nextIdleScan;
    private long _dialed;
    private int _sweeping;   // timer callbacks may overlap when one runs late

    /// <summary>HTTP probes sent and not yet answered, at most (Marathon's <c>--max_concurrent_marathon_health_checks</c> default).</summary>
    public const int DefaultMaxInFlight = 256;

    public HttpProbeClient() : this(IdleTimeout)
    {
    }

    /// <param name="idleTimeout">Idle time after which a kept-alive connection is closed.</param>
    /// <param name="maxInFlight">HTTP probes dialing or awaiting their answers at once; later ones queue, their timeouts not yet running.</param>
    public HttpProbeClient(TimeSpan idleTimeout, int maxInFlight = DefaultMaxInFlight)
    {
        _idleMillis = (long)idleTimeout.TotalMilliseconds;
        _sweep = new Timer(static s => ((HttpProbeClient)s!).Sweep(), this, SweepPeriod, SweepPeriod);
        _waves = new HttpProbeWaves(this, maxInFlight);
    }

    /// <summary>Connections dialed so far (HTTP and TCP probes): the keep-alive reuse tests and benchmarks read.</summary>
    public long Dialed => Interlocked.Read(ref _dialed);

    /// <summary>Connections open now (idle or carrying a probe).</summary>
    public int Open
    {
        get
        {
            lock (_live)
                return _live.Count;
        }
    }

    /// <summary>
    /// Starts one HTTP GET of the check's path (<c>/</c> when none) on the waves thread
    /// (<see cref="HttpProbeWaves"/>): 200–399 passes, a 1xx is null when the check ignores it.
    /// <paramref name="sink"/> gets the result on that thread. Never refused: past the in-flight
    /// bound the probe queues, and its timeout starts when it is sent.
    /// </summary>
    public void StartHttp(HealthCheck check, string host, int port, IHttpProbeSink sink, in ProbeTicket ticket)
    {
        ProbeEndpoint endpoint = EndpointOf(host, port);
        _waves.Submit(check, endpoint, endpoint.RequestFor(string.IsNullOrEmpty(check.Path) ? "/" : check.Path), TimeoutMillisOf(check), sink, ticket);
    }

    /// <summary><see cref="StartHttp"/> for a caller that awaits one probe (its continuation runs off the prober's thread).</summary>
    public ValueTask<(bool? Passed, string? Cause)> ProbeHttpAsync(HealthCheck check, string host, int port)
    {
        var sink = new TaskProbeSink();
        StartHttp(check, host, port, sink, default);
        return new ValueTask<(bool? Passed, string? Cause)>(sink.Result);
    }

    /// <summary>A TCP connect that succeeds within the check's timeout passes; the connection is closed at once.</summary>
    public async ValueTask<(bool? Passed, string? Cause)> ProbeTcpAsync(HealthCheck check, string host, int port)
    {
        HttpProbeConnection connection = Dial(EndpointOf(host, port));
        HttpProbeOutcome outcome = await connection.ConnectAsync(DeadlineOf(check)).ConfigureAwait(false);
        Close(connection);
        return outcome.TimedOut ? (false, TimedOut(check)) : outcome.Error is { } error ? (false, error) : (true, null);
    }

    private static long DeadlineOf(HealthCheck check) => Environment.TickCount64 + TimeoutMillisOf(check);

    private static long TimeoutMillisOf(HealthCheck check) => Math.Max(1, check.TimeoutSeconds) * 1000L;

    internal static string TimedOut(HealthCheck check) => $"health check timed out after {check.TimeoutSeconds} s";

    private ProbeEndpoint EndpointOf(string host, int port)
    {
        ProbeEndpoint endpoint = _endpoints.GetOrAdd((host, port), static key => new ProbeEndpoint(key.Host, key.Port));
        endpoint.LastUsed = Environment.TickCount64;
        return endpoint;
    }

    internal HttpProbeConnection Dial(ProbeEndpoint endpoint)
    {
        var connection = new HttpProbeConnection(endpoint);
        Interlocked.Increment(ref _dialed);
        lock (_live)
        {
            connection.LiveIndex = _live.Count;
            _live.Add(connection);
        }
        return connection;
    }

    internal void Close(HttpProbeConnection connection)
    {
        lock (_live)
        {
            int index = connection.LiveIndex;
            if (index >= 0)
            {
                // Swap-remove: the last connection takes the slot.
                HttpProbeConnection last = _live[^1];
                _live[index] = last;
                last.LiveIndex = index;
                _live.RemoveAt(_live.Count - 1);
                connection.LiveIndex = -1;
            }
        }
        connection.Dispose();
    }

    /// <summary>Expires exchanges past their deadline; every few seconds, closes connections idle too long and forgets unused endpoints.</summary>
    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
            return;
        try
        {
            long now = Environment.TickCount64;
            lock (_live)
            {
                for (int i = 0; i < _live.Count; i++)
                    _live[i].TryExpire(now);
            }
            if (now >= _nextIdleScan)
            {
                _nextIdleScan = now + IdleScanMillis;
                CloseIdle(now - _idleMillis);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void CloseIdle(long cutoff)
    {
        foreach (KeyValuePair<(string Host, int Port), ProbeEndpoint> entry in _endpoints)
        {
            if (entry.Value.Expire(cutoff, _expired))
                _endpoints.TryRemove(entry);
        }
        foreach (HttpProbeConnection connection in _expired)
            Close(connection);
        _expired.Clear();
    }

    public void Dispose()
    {
        _sweep.Dispose();
        _waves.Dispose();
        HttpProbeConnection[] open;
        lock (_live)
            open = [.. _live];
        foreach (HttpProbeConnection connection in open)
            Close(connection);
    }
}
