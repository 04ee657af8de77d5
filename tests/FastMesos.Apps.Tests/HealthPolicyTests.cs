using FastMesos.Apps.Health;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Tests;

public sealed class HealthPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    private static HealthVerdict Fail(ref HealthState state, HealthCheck check, int secondsAfterStart) =>
        HealthPolicy.Apply(ref state, check, passed: false, "500 Internal Server Error", running: true, unreachable: false, Start, Start.AddSeconds(secondsAfterStart));

    [Fact]
    public void A_marathon_level_check_kills_on_the_failure_after_max_consecutive_failures()
    {
        // §14 #28: grace 10, interval 2, max 3 → failures after the grace are counted; the 4th kills.
        var check = new HealthCheck { GracePeriodSeconds = 10, IntervalSeconds = 2, MaxConsecutiveFailures = 3 };
        var state = default(HealthState);
        Assert.Equal(HealthVerdict.Ignored, Fail(ref state, check, 2));
        Assert.Equal(HealthVerdict.Ignored, Fail(ref state, check, 8));
        Assert.Null(state.Alive);
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, check, 10));
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, check, 12));
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, check, 14));
        Assert.Equal(3, state.ConsecutiveFailures);
        Assert.Equal(HealthVerdict.Kill, Fail(ref state, check, 16));
        Assert.Equal("500 Internal Server Error", state.LastFailureCause);
        Assert.False(state.Alive);
    }

    [Fact]
    public void Zero_max_failures_never_kills_a_marathon_level_check_but_a_mesos_level_one_kills_at_max()
    {
        var never = new HealthCheck { GracePeriodSeconds = 0, MaxConsecutiveFailures = 0 };
        var state = default(HealthState);
        for (int i = 1; i <= 10; i++)
            Assert.Equal(HealthVerdict.Failed, Fail(ref state, never, i));

        var mesos = new HealthCheck { Protocol = HealthCheckProtocol.MesosHttp, GracePeriodSeconds = 0, MaxConsecutiveFailures = 2 };
        state = default;
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, mesos, 1));
        Assert.Equal(HealthVerdict.Kill, Fail(ref state, mesos, 2));
    }

    [Fact]
    public void A_success_ends_the_grace_period_and_resets_the_count()
    {
        var check = new HealthCheck { GracePeriodSeconds = 300, MaxConsecutiveFailures = 1 };
        var state = default(HealthState);
        Assert.Equal(HealthVerdict.Healthy, HealthPolicy.Apply(ref state, check, true, null, true, false, Start, Start.AddSeconds(5)));
        Assert.Equal(Start.AddSeconds(5), state.FirstSuccess);
        // Within the grace period, but after a success: counted.
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, check, 6));
        Assert.Equal(HealthVerdict.Healthy, HealthPolicy.Apply(ref state, check, true, null, true, false, Start, Start.AddSeconds(7)));
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(HealthVerdict.Failed, Fail(ref state, check, 8));
        Assert.Equal(HealthVerdict.Kill, Fail(ref state, check, 9));
    }

    [Fact]
    public void Results_for_instances_not_running_or_unreachable_and_ignored_1xx_change_nothing()
    {
        var check = new HealthCheck { GracePeriodSeconds = 0, IgnoreHttp1xx = true };
        var state = default(HealthState);
        Assert.Equal(HealthVerdict.Ignored, HealthPolicy.Apply(ref state, check, false, "x", running: false, unreachable: false, Start, Start.AddHours(1)));
        Assert.Equal(HealthVerdict.Ignored, HealthPolicy.Apply(ref state, check, false, "x", running: true, unreachable: true, Start, Start.AddHours(1)));
        Assert.Null(HealthPolicy.HttpPasses(check, 101));
        Assert.Equal(HealthVerdict.Ignored, HealthPolicy.Apply(ref state, check, HealthPolicy.HttpPasses(check, 101), null, true, false, Start, Start.AddHours(1)));
        Assert.Equal(default, state);
        Assert.False(HealthPolicy.HttpPasses(new HealthCheck(), 101));
        Assert.True(HealthPolicy.HttpPasses(check, 302));
        Assert.False(HealthPolicy.HttpPasses(check, 404));
    }
}
