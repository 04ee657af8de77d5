using FastMesos.Agent.Runtime.Health;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>Mesos' health rules as a pure state machine: grace, consecutive failures, change-only reports.</summary>
public sealed class HealthTrackerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Fact]
    public void Failures_in_the_grace_period_before_any_success_are_ignored()
    {
        var tracker = new HealthTracker();
        Assert.Equal(HealthOutcome.None, tracker.OnResult(false, TimeSpan.FromSeconds(1), Grace, 1));
        Assert.Equal(0, tracker.ConsecutiveFailures);
        Assert.Equal(HealthOutcome.Kill, tracker.OnResult(false, TimeSpan.FromSeconds(11), Grace, 1));
    }

    [Fact]
    public void After_a_success_the_grace_period_no_longer_applies_and_only_changes_are_reported()
    {
        var tracker = new HealthTracker();
        Assert.Equal(HealthOutcome.Healthy, tracker.OnResult(true, TimeSpan.FromSeconds(1), Grace, 3));
        Assert.Equal(HealthOutcome.None, tracker.OnResult(true, TimeSpan.FromSeconds(2), Grace, 3));
        Assert.Equal(HealthOutcome.Unhealthy, tracker.OnResult(false, TimeSpan.FromSeconds(3), Grace, 3));
        Assert.Equal(HealthOutcome.None, tracker.OnResult(false, TimeSpan.FromSeconds(4), Grace, 3));
        Assert.Equal(HealthOutcome.Healthy, tracker.OnResult(true, TimeSpan.FromSeconds(5), Grace, 3));
        Assert.Equal(0, tracker.ConsecutiveFailures);
        tracker.OnResult(false, TimeSpan.FromSeconds(6), Grace, 3);
        tracker.OnResult(false, TimeSpan.FromSeconds(7), Grace, 3);
        Assert.Equal(HealthOutcome.Kill, tracker.OnResult(false, TimeSpan.FromSeconds(8), Grace, 3));
        Assert.Equal(3, tracker.ConsecutiveFailures);
    }

    [Fact]
    public void Zero_consecutive_failures_kill_on_the_first_counted_failure()
    {
        var tracker = new HealthTracker();
        Assert.Equal(HealthOutcome.Kill, tracker.OnResult(false, TimeSpan.FromSeconds(20), Grace, 0));
    }
}
