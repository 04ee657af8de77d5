using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §5.2: the strategy numbers of every worked example.
public sealed class DeploymentsRestartStrategyTests
{
    [Theory]
    [InlineData(3, 1.0, 1.0, false, 3, 6, 0)]  // default upgradeStrategy
    [InlineData(3, 1.0, 0.0, false, 3, 4, 0)]  // minHealthy == maxCapacity: one temporary extra
    [InlineData(10, 0.5, 0.2, false, 5, 12, 5)]
    [InlineData(3, 0.0, 0.0, false, 0, 3, 3)]  // downtime: all killed at once
    [InlineData(3, 0.7, 0.0, false, 3, 4, 0)]  // ceil(2.1) = 3
    [InlineData(3, 0.7, 0.5, false, 3, 4, 0)]  // floor(4.5) = 4
    [InlineData(4, 0.5, 0.0, true, 2, 4, 2)]   // resident default (0.5, 0)
    [InlineData(3, 1.0, 0.0, true, 3, 3, 1)]   // resident (1, 0): dips one below
    [InlineData(10, 0.7, 0.0, false, 7, 10, 3)]
    public void Worked_examples(int n, double minHealth, double overCapacity, bool resident, int minHealthy, int maxCapacity, int kill)
    {
        RestartStrategy s = RestartStrategy.Compute(n, minHealth, overCapacity, resident, consideredHealthy: n, active: n);
        Assert.Equal(new RestartStrategy(minHealthy, maxCapacity, kill), s);
    }

    [Fact]
    public void Unhealthy_instances_do_not_count_toward_the_up_front_kills()
    {
        // N=10 (0.5, 0.2) with 3 of 10 unhealthy: H = 7, kill 2.
        Assert.Equal(new RestartStrategy(5, 12, 2), RestartStrategy.Compute(10, 0.5, 0.2, false, consideredHealthy: 7, active: 10));
        // The extra-instance rule needs maxCapacity <= H: with H = 2 < 3 it does not apply.
        Assert.Equal(new RestartStrategy(3, 3, 0), RestartStrategy.Compute(3, 1.0, 0.0, false, consideredHealthy: 2, active: 3));
    }

    [Fact]
    public void A_surplus_from_a_forced_deployment_is_killed_at_once()
    {
        // N=3 default strategy but 5 running: kill max(5 - 3, 5 - 3) = 2.
        Assert.Equal(new RestartStrategy(3, 6, 2), RestartStrategy.Compute(3, 1.0, 1.0, false, 5, 5));
        // N=2 (1, 1) with 5 running of which 1 healthy: kill the 3 surplus.
        Assert.Equal(new RestartStrategy(2, 4, 3), RestartStrategy.Compute(2, 1.0, 1.0, false, 1, 5));
    }

    [Fact]
    public void Negative_instances_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartStrategy.Compute(-1, 1, 1, false, 0, 0));
}
