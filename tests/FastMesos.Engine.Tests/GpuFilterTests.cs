using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// <c>--filter_gpu_resources</c>: agents with GPUs are offered only to frameworks with the
/// GPU_RESOURCES capability, so GPU machines are not taken by frameworks that cannot use them.
/// </summary>
public class GpuFilterTests
{
    [Fact]
    public void Gpu_agent_goes_only_to_gpu_capable_frameworks()
    {
        var h = new EngineHarness();
        int plain = h.Framework("plain");
        int gpu = h.Framework("gpu", FrameworkCapabilities.GpuResources);
        int gpuAgent = h.Agent("gpu-agent", "cpus:4;mem:4096;gpus:1");
        int cpuAgent = h.Agent("cpu-agent", "cpus:4;mem:4096");

        // plain share 0, gpu share 0: plain wins ties but may not take the GPU agent.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        OfferInfo toGpu = Assert.Single(offers, o => o.Agent == gpuAgent);
        Assert.Equal(gpu, toGpu.Framework);
        Assert.Equal(R("cpus:4;mem:4096;gpus:1"), toGpu.Resources);
        OfferInfo toPlain = Assert.Single(offers, o => o.Agent == cpuAgent);
        Assert.Equal(plain, toPlain.Framework);
    }

    [Fact]
    public void Gpu_agent_is_not_offered_when_no_framework_can_use_gpus()
    {
        var h = new EngineHarness();
        h.Framework("plain");
        h.Agent("gpu-agent", "cpus:4;mem:4096;gpus:1");
        Assert.Empty(h.Allocate());
        Assert.Empty(h.Tick());
    }

    [Fact]
    public void Gpu_filtering_can_be_turned_off()
    {
        var h = new EngineHarness(new AllocatorOptions { FilterGpuResources = false });
        int plain = h.Framework("plain");
        h.Agent("gpu-agent", "cpus:4;mem:4096;gpus:1");
        Assert.Equal(plain, Assert.Single(h.Allocate()).Framework);
    }

    [Fact]
    public void Agent_that_gains_gpus_stops_going_to_plain_frameworks()
    {
        var h = new EngineHarness();
        h.Framework("plain");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        Assert.Single(h.Allocate());
        h.Allocator.UpdateAgent(agent, R("cpus:4;mem:4096;gpus:2"));
        Assert.Empty(h.Allocate());
    }
}
