using System.Globalization;
using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A daemon process's managed heap after a forced, compacting full collection (specs/performance.md
/// §8.1: "GC heap size after a forced full GC"), with its collection counts then: what the master
/// and Marathon processes print for the stdin line <c>gc</c>, and how the benchmark reads it.
/// </summary>
internal readonly record struct HeapAfterGc(long Bytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>
    /// Collects (twice, around the finalizers, so what they release is gone too) and prints
    /// <c>heap &lt;bytes&gt; &lt;gen0&gt; &lt;gen1&gt; &lt;gen2&gt;</c>.
    /// </summary>
    public static string Line()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long heap = GC.GetTotalMemory(forceFullCollection: false);
        return $"heap {heap} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}";
    }

    /// <summary>Asks <paramref name="process"/> (named <paramref name="who"/> in errors) to collect and say its heap.</summary>
    public static async Task<HeapAfterGc> ReadAsync(ClientProcess process, string who)
    {
        await process.SendLineAsync("gc");
        string line = await process.ReadLineAsync($"{who}'s heap size", TimeSpan.FromSeconds(60));
        string[] w = line.Split(' ');
        if (w.Length != 5 || w[0] != "heap")
            throw new InvalidOperationException($"{who} answered gc with '{line}'");
        return new HeapAfterGc(Long(w[1]), (int)Long(w[2]), (int)Long(w[3]), (int)Long(w[4]));
    }

    private static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
