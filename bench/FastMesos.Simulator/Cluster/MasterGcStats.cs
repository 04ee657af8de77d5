namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A master process's collections per generation and their total pause so far; two of them (a
/// phase's start and end) give the collections and pause inside the phase. The process is kept so
/// that a phase across a failover (a new master) counts the new process from zero.
/// </summary>
internal readonly record struct MasterGcStats(object Process, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    /// <summary>What happened between <paramref name="start"/> and this reading (everything of this process if it is a new one).</summary>
    public MasterGcStats Since(MasterGcStats start) =>
        ReferenceEquals(start.Process, Process)
            ? new MasterGcStats(Process, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Pause - start.Pause)
            : this;
}
