using FastMesos.Simulator.Cluster;

namespace FastMesos.Master.Tests;

/// <summary>
/// The simulated-agents process's warm-up dials for real: every warm-up agent registers with the
/// loopback stand-in master and re-registers once, in every batch, and the warm-up returns only
/// when all of them were answered (a fleet that did not register would time out instead).
/// </summary>
public sealed class AgentWarmupTests
{
    [Fact]
    public async Task Every_warmup_agent_registers_and_reregisters_in_every_batch()
    {
        long admitted = await AgentWarmup.RunAsync(WorkloadProfile.Default);

        // At least: an agent whose answer is slow (a loaded CI machine) registers again, as the real one does.
        Assert.True(admitted >= JitWarmup.Batches * JitWarmup.Rounds * 2L, $"{admitted} registrations answered");
    }
}
