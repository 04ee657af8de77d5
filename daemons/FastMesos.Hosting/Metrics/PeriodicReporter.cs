namespace FastMesos.Hosting.Metrics;

/// <summary>
/// A push reporter's schedule: every interval (on the injected <see cref="TimeProvider"/>) it reads
/// the samples and sends them, on the thread pool, so a slow or absent receiver never holds up the
/// daemon. Invariants: at most one report runs at a time (a tick that finds one running is skipped,
/// so a receiver that hangs cannot pile up sends); a failed report is logged and the next tick tries
/// again; nothing is queued between reports, so memory stays bounded whatever the receiver does.
/// </summary>
public abstract class PeriodicReporter : IAsyncDisposable
{
    private readonly Func<CancellationToken, ValueTask<IReadOnlyList<MetricSample>>> _source;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private Task _current = Task.CompletedTask;
    private int _running;
    private long _reports;
    private long _failures;
    private int _disposed;

    protected PeriodicReporter(Func<CancellationToken, ValueTask<IReadOnlyList<MetricSample>>> source, TimeSpan interval, TimeProvider time, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "the report interval must be positive");
        _source = source;
        Log = log;
        Time = time;
        _timer = time.CreateTimer(static state => ((PeriodicReporter)state!).Tick(), this, interval, interval);
    }

    /// <summary>Reports sent without an error.</summary>
    public long Reports => Interlocked.Read(ref _reports);

    /// <summary>Reports that failed (receiver down, name not resolvable, …) and were logged.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    protected Action<string>? Log { get; }

    protected TimeProvider Time { get; }

    /// <summary>Sends one report now (tests, and the timer). Never throws for a receiver problem: it is logged and counted.</summary>
    public async Task ReportOnceAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            IReadOnlyList<MetricSample> samples = await _source(linked.Token).ConfigureAwait(false);
            await SendAsync(samples, linked.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _reports);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the last report is abandoned.
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            Log?.Invoke($"W {GetType().Name}: sending metrics failed: {e.Message}");
        }
    }

    /// <summary>Sends <paramref name="samples"/>; throws on a transport failure (the caller logs it).</summary>
    protected abstract Task SendAsync(IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken);

    /// <summary>Releases the socket; called once, after the last report finished.</summary>
    protected virtual void DisposeTransport()
    {
    }

    private void Tick()
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            return;
        Volatile.Write(ref _current, Task.Run(async () =>
        {
            try
            {
                await ReportOnceAsync().ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Volatile.Read(ref _current).ConfigureAwait(false); // the timer's disposal waited for a tick in progress
        _stop.Dispose();
        DisposeTransport();
        GC.SuppressFinalize(this);
    }
}
