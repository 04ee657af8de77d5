using System.Diagnostics;
using FastMesos.Engine.Master;
using FastMesos.Master.Registry;
using FastMesos.Messages;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// The master core's share of a failover, without transport, decoding or locks: a fresh core
/// recovers the stored registry and takes every agent's re-registration (the already-built
/// messages) on one thread. Run after the measured phase, so the code is jitted: it is the
/// single-threaded floor the end-to-end time is compared against.
/// </summary>
internal static class CoreReplay
{
    public static (double RecoverSeconds, double ReregisterSeconds, long ReregisterBytes) Run(byte[] registry, IReadOnlyList<ReregisterAgent> messages)
    {
        var core = new MasterCore(new MasterOptions
        {
            MasterId = "replay",
            DurableRegistry = true,
            AgentReregisterTimeout = TimeSpan.FromMinutes(10),
            Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromSeconds(1) },
        }, new NullOutbox());
        long start = Stopwatch.GetTimestamp();
        core.Recover(RegistryCodec.Decode(registry));
        double recover = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        start = Stopwatch.GetTimestamp();
        for (int i = 0; i < messages.Count; i++)
            core.OnReregisterAgent(i + 1, messages[i], "10.0.0.1");
        double reregister = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (core.Recovering)
            throw new InvalidOperationException($"the replayed core still waits for {core.RecoveredAgentsPending} agents");
        return (recover, reregister, allocated);
    }

    private sealed class NullOutbox : IMasterOutbox
    {
        public void Send<T>(int peer, in T message)
        {
        }

        public void Close(int peer, string reason)
        {
        }
    }
}
