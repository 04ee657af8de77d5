using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// <c>--min_allocatable_resources</c> (default <c>cpus:0.01|mem:32</c>): resources are offered only
/// when they hold every quantity of at least one alternative.
/// </summary>
public class MinAllocatableTests
{
    [Fact]
    public void Agent_below_every_alternative_is_never_offered()
    {
        var h = new EngineHarness();
        h.Framework("fw1");
        h.Agent("tiny", "cpus:0.005;mem:16");
        Assert.Empty(h.Allocate());
        Assert.Empty(h.Tick());
    }

    [Theory]
    [InlineData("cpus:0.01")]
    [InlineData("mem:32")]
    [InlineData("cpus:0.005;mem:32")]
    public void Meeting_one_alternative_is_enough(string resources)
    {
        var h = new EngineHarness();
        h.Framework("fw1");
        h.Agent("small", resources);
        Assert.Equal(R(resources), Assert.Single(h.Allocate()).Resources);
    }

    [Fact]
    public void Leftover_below_the_minimum_stays_on_the_agent()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:1;mem:1024");
        h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:0.995;mem:1000"));

        // <0.005 CPU, 24 MB> is left: not allocatable, not offered.
        Assert.Empty(h.Tick());
        Assert.Equal(R("cpus:0.005;mem:24"), h.Allocator.FreeResources(agent));
    }

    [Fact]
    public void Custom_minimum_applies()
    {
        var h = new EngineHarness(new AllocatorOptions { MinAllocatableResources = "cpus:1;mem:512" });
        h.Framework("fw1");
        h.Agent("small", "cpus:0.5;mem:4096");
        h.Agent("big", "cpus:1;mem:512");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:512"), offer.Resources);
    }
}
