using FastMesos.Hosting;
using FastMesos.Marathon.Cli;
using FastMesos.Simulator.Cluster;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim cluster-marathon</c>: the Marathon daemon (<see cref="MarathonCommand"/>, exactly
/// what <c>fastmesos-marathon</c> runs, with its flags) in its own process for <c>sim cluster
/// --scenario marathon</c>. On the stdin line <c>gcstats</c> it prints <c>gcstats &lt;gen0&gt; &lt;gen1&gt;
/// &lt;gen2&gt; &lt;pause µs&gt; &lt;allocated bytes&gt; &lt;compiled methods&gt; &lt;JIT µs&gt; &lt;minor page faults&gt;</c> (its collections so far, as the master's process does), which the
/// benchmark takes before and after the deployment; on <c>gc</c> it collects and prints its heap
/// (<see cref="HeapAfterGc"/>), which the benchmark reads before the deployment's phase and after it;
/// <c>gcmode</c> as the master's (<see cref="DaemonControl"/>). End of stdin stops it, so it never outlives the
/// benchmark.
/// </summary>
internal static class ClusterMarathonCommand
{
    public const string Usage = """
        usage: ./fastmesos sim cluster-marathon --master HOST:PORT [marathon flags, e.g. --http_port 0 --work_dir DIR]

          The Marathon process of `sim cluster --scenario marathon` (started by it): fastmesos-marathon
          with its flags. Reads stdin: "gcstats" → "gcstats <gen0> <gen1> <gen2> <total pause µs> <allocated bytes> <compiled methods> <JIT µs> <minor page faults>" (no
          collection); "gc" → a forced full GC, then "heap <bytes> <gen0> <gen1> <gen2>"; "gcmode" → "gcmode <collector
          settings>"; end of input stops it.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        using var signal = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signal.Token);
        Task<int> marathon = MarathonCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
        DaemonControl.Start(stop, "cluster-marathon control");
        return marathon.GetAwaiter().GetResult();
    }
}
