using FastMesos.Messages;

namespace FastMesos.Agent.Runtime.Health;

/// <summary>
/// Checks one task's health as Mesos' executor does: waits <c>delaySeconds</c>, then runs a probe
/// every <c>intervalSeconds</c> (counted from the end of the previous probe) until stopped, feeding
/// each result to a <see cref="HealthTracker"/> and handing every change to the runtime's callback.
/// After a kill verdict it stops by itself. All waiting is on the injected clock and cancellable;
/// <see cref="Stop"/> ends the loop at its next await (a command probe in flight is killed).
/// </summary>
internal sealed class TaskHealthChecker
{
    private readonly HealthCheck _check;
    private readonly HealthCheckTarget _target;
    private readonly HealthProbes _probes;
    private readonly TimeProvider _time;
    private readonly Action<HealthReport> _report;
    private readonly CancellationTokenSource _stop = new();
    private HealthTracker _tracker;

    public TaskHealthChecker(HealthCheck check, HealthCheckTarget target, HealthProbes probes, TimeProvider time, Action<HealthReport> report)
    {
        _check = check;
        _target = target;
        _probes = probes;
        _time = time;
        _report = report;
    }

    /// <summary>The loop; completes after <see cref="Stop"/> or a kill verdict.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Ends the checking (the task is being killed or ended). Idempotent.</summary>
    public void Stop() => _stop.Cancel();

    private async Task RunAsync(CancellationToken cancel)
    {
        long started = _time.GetTimestamp();
        TimeSpan grace = Seconds(_check.GracePeriodSeconds);
        // Mesos requires a positive interval; a zero or negative one would spin.
        TimeSpan interval = _check.IntervalSeconds > 0 ? Seconds(_check.IntervalSeconds) : TimeSpan.FromSeconds(10);
        try
        {
            TimeSpan delay = Seconds(_check.DelaySeconds);
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _time, cancel).ConfigureAwait(false);
            while (!cancel.IsCancellationRequested)
            {
                (bool passed, string? cause) = await _probes.RunAsync(_check, _target, cancel).ConfigureAwait(false);
                if (cancel.IsCancellationRequested)
                    return;
                HealthOutcome outcome = _tracker.OnResult(passed, _time.GetElapsedTime(started), grace, _check.ConsecutiveFailures);
                if (outcome != HealthOutcome.None)
                    _report(new HealthReport(outcome == HealthOutcome.Healthy, outcome == HealthOutcome.Kill, _tracker.ConsecutiveFailures, cause));
                if (outcome == HealthOutcome.Kill)
                    return;
                await Task.Delay(interval, _time, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the task is ending.
        }
    }

    private static TimeSpan Seconds(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
}
