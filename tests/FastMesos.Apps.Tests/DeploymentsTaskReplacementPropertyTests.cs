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
}
