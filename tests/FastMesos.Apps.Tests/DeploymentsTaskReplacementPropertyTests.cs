using CsCheck;
using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

/// <summary>
/// Rolling restarts under random event orders (specs/marathon.md §5.2): starting with N healthy old
/// instances, never more than maxCapacity instances, never fewer healthy than N − killImmediately
/// (= minHealthy, or minHealthy − 1 for a resident app), and always done once new instances become
/// healthy. New instances fail at random a bounded number of times.
/// </summary>
public sealed class DeploymentsTaskReplacementPropertyTests
{
    static readonly Gen<(int N, double MinHealth, double Over, bool Resident, int Seed)> Cases =
        Gen.Select(Gen.Int[0, 14], Gen.OneOf(Gen.Double[0, 1], Gen.Const(0.0), Gen.Const(0.5), Gen.Const(0.7), Gen.Const(1.0)),
            Gen.OneOf(Gen.Double[0, 1], Gen.Const(0.0), Gen.Const(0.2), Gen.Const(1.0)), Gen.Bool, Gen.Int);

    [Fact]
    public void Random_event_orders_respect_capacity_and_health_and_terminate()
    {
        Cases.Sample(c =>
        {
            var random = new Random(c.Seed);
            var sim = new DeploymentsReplacementSimulator(c.N, c.MinHealth, c.Over, c.Resident, old: c.N);
            RestartStrategy s = sim.Replacement.Strategy;
            int floor = c.N - s.KillImmediately;
            Assert.True(floor >= s.MinHealthy - (c.Resident ? 1 : 0), $"up-front kills {s} go too deep");
            Assert.True(s.MaxCapacity >= c.N);

            int failuresLeft = 3;
            for (int step = 0; step < 10_000 && !sim.Done; step++)
            {
                var killing = new List<string>(sim.Killing);
                var pending = new List<string>(sim.NewNotHealthy);
                int choices = killing.Count + pending.Count;
                Assert.True(choices > 0, $"stuck at step {step} with {s}: {string.Join(", ", sim.Log)}");
                int pick = random.Next(choices);
                if (pick < killing.Count)
                    sim.KillCompletes(killing[pick]);
                else if (failuresLeft > 0 && random.Next(4) == 0)
                {
                    failuresLeft--;
                    sim.NewFails(pending[pick - killing.Count]);
                }
                else
                    sim.NewBecomesHealthy(pending[pick - killing.Count]);

                Assert.True(sim.Instances <= s.MaxCapacity, $"{sim.Instances} instances > {s.MaxCapacity}");
                Assert.True(sim.Healthy >= floor, $"{sim.Healthy} healthy < {floor}");
            }
            Assert.True(sim.Done, "did not terminate");
            Assert.Equal(c.N, sim.NewCount);
            Assert.Empty(sim.OldActive);
            Assert.True(sim.MaxInstancesSeen <= s.MaxCapacity);
        }, iter: 2000);
    }

    static readonly Gen<(int N, double MinHealth, double Over, bool Resident, int Surplus, int Unhealthy, int Seed)> MessyCases =
        Gen.Select(Gen.Int[1, 12], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 4], Gen.Int)
            .Select(t => (t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, Math.Min(t.Item6, t.Item1 + t.Item5), t.Item7));

    /// <summary>
    /// Surplus and unhealthy old instances, and old instances dying by themselves (unhealthy ones
    /// always may: their health checks kill them): never more instances than maxCapacity or the
    /// starting count, and always done. Waiting on an unhealthy old one to die is the only way to
    /// stall, as in Marathon.
    /// </summary>
    [Fact]
    public void Surplus_unhealthy_and_self_dying_old_instances_still_terminate_within_capacity()
    {
        MessyCases.Sample(c =>
        {
            var random = new Random(c.Seed);
            int old = c.N + c.Surplus;
            var sim = new DeploymentsReplacementSimulator(c.N, c.MinHealth, c.Over, c.Resident, old, c.Unhealthy);
            RestartStrategy s = sim.Replacement.Strategy;
            Assert.True(s.KillImmediately >= c.Surplus);
            int healthyDeathsLeft = 2;
            for (int step = 0; step < 10_000 && !sim.Done; step++)
            {
                var killing = new List<string>(sim.Killing);
                var pending = new List<string>(sim.NewNotHealthy);
                List<string> unhealthy = sim.OldNotKilling(unhealthy: true);
                List<string> healthy = healthyDeathsLeft > 0 ? sim.OldNotKilling(unhealthy: false) : [];
                int choices = killing.Count + pending.Count + unhealthy.Count + healthy.Count;
                Assert.True(choices > 0, $"stuck at step {step} with {s}: {string.Join(", ", sim.Log)}");
                int pick = random.Next(choices);
                if (pick < killing.Count)
                    sim.KillCompletes(killing[pick]);
                else if ((pick -= killing.Count) < pending.Count)
                    sim.NewBecomesHealthy(pending[pick]);
                else if ((pick -= pending.Count) < unhealthy.Count)
                    sim.OldDiesItself(unhealthy[pick]);
                else
                {
                    healthyDeathsLeft--;
                    sim.OldDiesItself(healthy[pick - unhealthy.Count]);
                }
                Assert.True(sim.Instances <= Math.Max(s.MaxCapacity, old), $"{sim.Instances} instances > {s.MaxCapacity}");
            }
            Assert.True(sim.Done, "did not terminate");
            Assert.Equal(c.N, sim.NewCount);
            Assert.Empty(sim.OldActive);
        }, iter: 2000);
    }
}
