using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// <c>--role_sorter=random</c> / <c>--framework_sorter=random</c>: a weighted random order each run.
/// Offers are still whole, valid and balanced in the books, and the same seed with the same inputs
/// gives the same offers.
/// </summary>
public class RandomSorterTests
{
    private static readonly AllocatorOptions RandomOptions = new()
    {
        RoleSorter = SorterKind.Random,
        FrameworkSorter = SorterKind.Random,
        Seed = 42,
    };

    /// <summary>Runs a fixed scenario and returns every offer made, as (framework, agent, role, resources) text.</summary>
    private static List<string> Scenario(AllocatorOptions options)
    {
        var h = new EngineHarness(options);
        var made = new List<string>();
        h.Framework("a1", "a");
        h.Framework("a2", "a");
        h.Framework("b1", "b/x");
        h.Framework("c1", "c");
        h.Allocator.SetWeight("c", 3);
        for (int i = 0; i < 12; i++)
            h.Agent($"agent{i}", i % 3 == 0 ? "cpus:4;mem:4096;cpus(b):1" : "cpus:2;mem:2048");
        for (int run = 0; run < 5; run++)
        {
            foreach (OfferInfo o in h.Tick())
            {
                made.Add($"{h.Allocator.FrameworkId(o.Framework)} {h.Allocator.AgentId(o.Agent)} {o.Role} {o.Resources}");
                // Reserved resources only to b's subtree.
                foreach (Resource r in o.Resources.Reserved())
                    Assert.True(RoleName.IsSameOrDescendant(o.Role, r.Role), $"{o.Role} offered {r}");
                if (run % 2 == 0)
                    h.Decline(o.Framework, o, 0);
                else
                    h.Launch(o.Framework, o, ($"t{run}-{o.OfferId}", "cpus:0.5;mem:256"));
            }
        }
        return made;
    }

    [Fact]
    public void Random_sorter_makes_valid_offers_with_balanced_books()
    {
        List<string> offers = Scenario(RandomOptions);
        Assert.NotEmpty(offers);
    }

    [Fact]
    public void Same_seed_and_inputs_give_the_same_offers()
    {
        Assert.Equal(Scenario(RandomOptions), Scenario(RandomOptions));
        Assert.Equal(Scenario(new AllocatorOptions()), Scenario(new AllocatorOptions()));
    }

    [Fact]
    public void Random_framework_order_spreads_agents_over_frameworks()
    {
        var h = new EngineHarness(RandomOptions with { RoleSorter = SorterKind.Drf });
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Framework("fw3");
        for (int i = 0; i < 30; i++)
            h.Agent($"agent{i}", "cpus:1;mem:1024");
        int[] counts = new int[3];
        for (int run = 0; run < 20; run++)
        {
            foreach (OfferInfo o in h.Tick())
            {
                counts[o.Framework == fw1 ? 0 : o.Framework == fw2 ? 1 : 2]++;
                h.Decline(o.Framework, o, 0);
            }
        }
        // One order per run, drawn afresh: over 20 runs every framework is first at least once.
        Assert.All(counts, c => Assert.True(c > 0, string.Join(",", counts)));
        Assert.Equal(600, counts[0] + counts[1] + counts[2]);
    }
}
