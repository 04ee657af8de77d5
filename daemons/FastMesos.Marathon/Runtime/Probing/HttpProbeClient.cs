using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FastMesos.Apps.Health;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// Marathon-level plain-HTTP and TCP probes on raw sockets (issue 7: the <c>HttpClient</c> stack
/// cost ~30 µs and 2.5 KB per probe). HTTP probes reuse kept-alive connections per (host, port);
/// a connection that errs, times out, is told <c>Connection: close</c> or ends its body with the
/// close is disposed and the next probe dials afresh. A probe on a reused connection that the
/// server had closed while idle (closed or reset before any response byte) is retried once on a
/// fresh one, as HTTP clients do. Timeouts: one sweep every <see cref="SweepPeriod"/> closes the
/// sockets of exchanges past their deadline; idle connections and endpoints are dropped after
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
    private readonly long _idleMillis;
    private long _nextIdleScan;
    private long _dialed;
    private int _sweeping;   // timer callbacks may overlap when one runs late
    private bool _disposed;

    public HttpProbeClient() : this(IdleTimeout)
    {
    }

    public HttpProbeClient(TimeSpan idleTimeout)
    {
        _idleMillis = (long)idleTimeout.TotalMilliseconds;
        _sweep = new Timer(static s => ((HttpProbeClient)s!).Sweep(), this, SweepPeriod, SweepPeriod);
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

    /// <summary>One HTTP GET of the check's path (<c>/</c> when none): 200–399 passes, a 1xx is null when the check ignores it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(bool? Passed, string? Cause)> ProbeHttpAsync(HealthCheck check, string host, int port)
    {
        long deadline = DeadlineOf(check);
        ProbeEndpoint endpoint = EndpointOf(host, port);
        byte[] request = endpoint.RequestFor(string.IsNullOrEmpty(check.Path) ? "/" : check.Path);
        HttpProbeConnection? connection = endpoint.TryTakeIdle();
        while (true)
        {
            bool reused = connection is not null;
            connection ??= Dial(endpoint);
            HttpProbeOutcome outcome = await connection.ExchangeAsync(request, deadline).ConfigureAwait(false);
            if (!outcome.Reusable || Volatile.Read(ref _disposed) || !endpoint.TryReturnIdle(connection))
                Close(connection);
            if (reused && outcome.Retryable)
            {
                connection = null;
                continue;
            }
            if (outcome.TimedOut)
                return (false, TimedOut(check));
            if (outcome.Error is { } error)
                return (false, error);
            bool? passed = HealthPolicy.HttpPasses(check, outcome.Status);
            return (passed, passed == false ? $"{outcome.Status} {outcome.Reason}" : null);
        }
    }

    /// <summary>A TCP connect that succeeds within the check's timeout passes; the connection is closed at once.</summary>
    public async ValueTask<(bool? Passed, string? Cause)> ProbeTcpAsync(HealthCheck check, string host, int port)
    {
        HttpProbeConnection connection = Dial(EndpointOf(host, port));
        HttpProbeOutcome outcome = await connection.ConnectAsync(DeadlineOf(check)).ConfigureAwait(false);
        Close(connection);
        return outcome.TimedOut ? (false, TimedOut(check)) : outcome.Error is { } error ? (false, error) : (true, null);
    }

    private static long DeadlineOf(HealthCheck check) => Environment.TickCount64 + Math.Max(1, check.TimeoutSeconds) * 1000L;

    private static string TimedOut(HealthCheck check) => $"health check timed out after {check.TimeoutSeconds} s";

    private ProbeEndpoint EndpointOf(string host, int port)
    {
        ProbeEndpoint endpoint = _endpoints.GetOrAdd((host, port), static key => new ProbeEndpoint(key.Host, key.Port));
        endpoint.LastUsed = Environment.TickCount64;
        return endpoint;
    }

    private HttpProbeConnection Dial(ProbeEndpoint endpoint)
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

    private void Close(HttpProbeConnection connection)
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
        Volatile.Write(ref _disposed, true);
        _sweep.Dispose();
        HttpProbeConnection[] open;
        lock (_live)
            open = [.. _live];
        foreach (HttpProbeConnection connection in open)
            Close(connection);
    }
}
