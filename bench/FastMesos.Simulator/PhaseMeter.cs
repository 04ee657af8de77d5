using System.Diagnostics;

namespace FastMesos.Simulator;

/// <summary>
/// Process CPU, GC collections and allocated bytes over a measured phase, for the whole process
/// (the simulated peers share it). <see cref="Start"/> collects first, so the phase does not pay
/// for the setup's garbage.
/// </summary>
internal sealed class PhaseMeter
{
    private readonly TimeSpan _cpuBefore;
    private readonly int _gc0, _gc1, _gc2;
    private readonly long _allocatedBefore;
    private readonly TimeSpan _pauseBefore;

    private PhaseMeter()
    {
        using Process self = Process.GetCurrentProcess();
        _cpuBefore = self.TotalProcessorTime;
        _gc0 = GC.CollectionCount(0);
        _gc1 = GC.CollectionCount(1);
        _gc2 = GC.CollectionCount(2);
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _pauseBefore = GC.GetTotalPauseDuration();
    }

    public static PhaseMeter Start()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new PhaseMeter();
    }

    /// <summary>What the phase cost so far.</summary>
    public PhaseCost Stop()
    {
        using Process self = Process.GetCurrentProcess();
        return new PhaseCost(
            (self.TotalProcessorTime - _cpuBefore).TotalSeconds,
            GC.CollectionCount(0) - _gc0,
            GC.CollectionCount(1) - _gc1,
            GC.CollectionCount(2) - _gc2,
            GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore,
            (GC.GetTotalPauseDuration() - _pauseBefore).TotalSeconds);
    }
}

/// <summary>A phase's process CPU seconds, GC collections per generation, allocated bytes and time the GC paused the process.</summary>
internal readonly record struct PhaseCost(double CpuSeconds, int Gc0, int Gc1, int Gc2, long AllocatedBytes, double GcPauseSeconds);
