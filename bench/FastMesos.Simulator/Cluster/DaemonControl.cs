using FastMesos.Hosting;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The stdin control of a daemon process the benchmark starts (<c>sim cluster-master</c>,
/// <c>sim cluster-marathon</c>): one line in, one line out — <c>gcstats</c> (<see cref="GcStats.Line"/>,
/// no collection), <c>gc</c> (<see cref="HeapAfterGc.Line"/>, a forced full collection) and
/// <c>gcmode</c> (<c>gcmode</c> and <see cref="DaemonGc.Describe"/>); other lines are ignored. End of
/// input stops the daemon, so it never outlives the benchmark.
/// </summary>
internal static class DaemonControl
{
    /// <summary>Serves stdin on a background thread named <paramref name="name"/>; cancels <paramref name="stop"/> at its end.</summary>
    public static void Start(CancellationTokenSource stop, string name) =>
        new Thread(() => Serve(stop)) { IsBackground = true, Name = name }.Start();

    private static void Serve(CancellationTokenSource stop)
    {
        while (Console.In.ReadLine() is { } line)
        {
            string? answer = line.Trim() switch
            {
                "gcstats" => GcStats.Line(),
                "gc" => HeapAfterGc.Line(),
                "gcmode" => "gcmode " + DaemonGc.Describe(),
                _ => null,
            };
            if (answer is null)
                continue;
            Console.Out.WriteLine(answer);
            Console.Out.Flush();
        }

        stop.Cancel();
    }
}
