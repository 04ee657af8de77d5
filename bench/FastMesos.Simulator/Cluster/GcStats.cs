using System.Globalization;
using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A daemon process's collections per generation, their total pause, the bytes it allocated and the
/// methods the JIT compiled so far, with the time it took, and its minor page faults (the master's or
/// Marathon's, read with their <c>gcstats</c> line); two of them (a phase's start and end) give those inside the phase. The process is kept so that a phase across a failover (a
/// new master) counts the new process from zero.
/// </summary>
internal readonly record struct GcStats(object Process, int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated, long JitMethods, TimeSpan JitTime, long PageFaults)
{
    /// <summary>What happened between <paramref name="start"/> and this reading (everything of this process if it is a new one).</summary>
    public GcStats Since(GcStats start) =>
        ReferenceEquals(start.Process, Process)
            ? new GcStats(Process, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Pause - start.Pause, Allocated - start.Allocated,
                JitMethods - start.JitMethods, JitTime - start.JitTime, PageFaults - start.PageFaults)
            : this;

    /// <summary>
    /// The line a daemon process prints for <c>gcstats</c>: this process's counts, total pause,
    /// allocated bytes (all threads; not precise, which would stop them: the allocation contexts'
    /// unused rest, a few KB a thread, is not counted), compiled methods and compilation time so far,
    /// and minor page faults (memory touched for the first time: the heap growing, or taking back
    /// pages it returned; each is a trap to the kernel, dear on a virtual machine).
    /// </summary>
    public static string Line() =>
        $"gcstats {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {(long)GC.GetTotalPauseDuration().TotalMicroseconds} "
        + $"{GC.GetTotalAllocatedBytes(precise: false)} {System.Runtime.JitInfo.GetCompiledMethodCount()} {(long)System.Runtime.JitInfo.GetCompilationTime().TotalMicroseconds} "
        + $"{MinorFaults()}";

    /// <summary>This process's minor page faults (/proc/self/stat, field 10); 0 where there is no procfs.</summary>
    internal static long MinorFaults()
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/self/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // The command name (field 2) is parenthesized and may hold spaces: count from its closing parenthesis.
        string[] after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return after.Length > 7 ? long.Parse(after[7], NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Asks <paramref name="process"/> (named <paramref name="who"/> in errors) for its <c>gcstats</c> line, without collecting.</summary>
    public static async Task<GcStats> ReadAsync(ClientProcess process, string who)
    {
        await process.SendLineAsync("gcstats");
        return Parse(process, await process.ReadLineAsync($"{who}'s GC counts", TimeSpan.FromSeconds(30)), who);
    }

    /// <summary>Reads <paramref name="line"/> (<see cref="Line"/>) as printed by <paramref name="process"/>, named <paramref name="who"/> in the error.</summary>
    private static GcStats Parse(object process, string line, string who)
    {
        string[] w = line.Split(' ');
        if (w.Length != 9 || w[0] != "gcstats")
            throw new InvalidOperationException($"{who} answered gcstats with '{line}'");
        return new GcStats(process, (int)Long(w[1]), (int)Long(w[2]), (int)Long(w[3]), TimeSpan.FromMicroseconds(Long(w[4])), Long(w[5]),
            Long(w[6]), TimeSpan.FromMicroseconds(Long(w[7])), Long(w[8]));
    }

    private static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
