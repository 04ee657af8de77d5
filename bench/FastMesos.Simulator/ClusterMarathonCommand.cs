using FastMesos.Hosting;
using FastMesos.Marathon.Cli;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim cluster-marathon</c>: the Marathon daemon (<see cref="MarathonCommand"/>, exactly
/// what <c>fastmesos-marathon</c> runs, with its flags) in its own process for <c>sim cluster
/// --scenario marathon</c>. End of stdin stops it, so it never outlives the benchmark.
/// </summary>
internal static class ClusterMarathonCommand
{
    public const string Usage = """
        usage: ./fastmesos sim cluster-marathon --master HOST:PORT [marathon flags, e.g. --http_port 0 --work_dir DIR]

          The Marathon process of `sim cluster --scenario marathon` (started by it): fastmesos-marathon
          with its flags. End of stdin stops it.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        using var signal = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signal.Token);
        Task<int> marathon = MarathonCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
        var control = new Thread(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
                // Only the end of input means something: it stops Marathon.
            }

            stop.Cancel();
        }) { IsBackground = true, Name = "cluster-marathon control" };
        control.Start();
        return marathon.GetAwaiter().GetResult();
    }
}
