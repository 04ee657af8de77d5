using FastMesos.Hosting;
using FastMesos.Master.Cli;
using FastMesos.Simulator.Cluster;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim cluster-master</c>: the real master (<see cref="MasterCommand"/>, exactly what
/// <c>fastmesos-master</c> runs, with Mesos' flags) in its own process for <c>sim cluster</c>, plus
/// one thing the daemon does not offer: on the stdin line <c>gc</c> it forces a full collection and
/// prints <c>heap &lt;bytes&gt; &lt;gen0&gt; &lt;gen1&gt; &lt;gen2&gt;</c>, the managed heap the
/// benchmark divides per agent (specs/performance.md §8.1 "GC heap size after a forced full GC");
/// on <c>gcstats</c> it prints <c>gcstats &lt;gen0&gt; &lt;gen1&gt; &lt;gen2&gt; &lt;pause µs&gt; &lt;allocated bytes&gt; &lt;compiled methods&gt; &lt;JIT µs&gt; &lt;minor page faults&gt;</c> without
/// collecting (the counts and the total pause so far, which a phase takes before and after); on
/// <c>gcmode</c> it prints <c>gcmode &lt;settings&gt;</c> (<see cref="DaemonGc.Describe"/>).
/// End of stdin stops the master, so it never outlives the benchmark.
/// </summary>
internal static class ClusterMasterCommand
{
    public const string Usage = """
        usage: ./fastmesos sim cluster-master [master flags, e.g. --port=0 --agent_ping_timeout=1secs]

          The master process of `sim cluster` (started by it): fastmesos-master with its flags. Reads
          stdin: "gc" → a forced full GC, then "heap <bytes> <gen0> <gen1> <gen2>"; "gcstats" → "gcstats
          <gen0> <gen1> <gen2> <total pause µs> <allocated bytes> <compiled methods> <JIT µs> <minor page faults>" (no collection); "gcmode" → "gcmode <collector
          settings>"; end of input stops it.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        using var signal = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signal.Token);
        Task<int> master = MasterCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
        DaemonControl.Start(stop, "cluster-master control");
        return master.GetAwaiter().GetResult();
    }
}
