using FastMesos.Simulator;

// `./fastmesos sim <scenario> ...`: the simulator's front. Bad input prints usage and exits 2.
const string Usage = """
    usage: ./fastmesos sim <command> [flags]

    commands:
      alloc    allocation cycles in process (scenario A of specs/performance.md §8.2)
      cluster  the real master and N simulated agents in separate processes over TCP (scenario C)
      events   Marathon's event stream: R events/s fanned out to N SSE subscribers over loopback
      failover master failover: N agents re-register their tasks with a newly elected master
      gate     the regression gate: result lines against the history kept in perf-reports (§8.3)
      launch   offer → accept → launch → RUNNING with the master's engine and fake peers in process (scenario B)
      marathon Marathon deploying N apps × M instances, scaling one app, or health-checking M instances, on simulated agents
      wire     loopback ping/pong load over FastMesos connections against a plain-socket floor
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(Usage);
    Console.WriteLine(AllocCommand.Usage);
    Console.WriteLine(ClusterCommand.Usage);
    Console.WriteLine(EventsBenchCommand.Usage);
    Console.WriteLine(FailoverCommand.Usage);
    Console.WriteLine(GateCommand.Usage);
    Console.WriteLine(LaunchCommand.Usage);
    Console.WriteLine(MarathonBenchCommand.Usage);
    Console.WriteLine(WireCommand.Usage);
    return args.Length == 0 ? 2 : 0;
}

// The master process runs as `fastmesos master` does (InlineSocketCompletions), and so does `sim
// wire`'s listener, which stands in for it; the simulated agents' and wire dialers' handlers are as
// short, and a leaner load generator leaves more of the two cores to the system under test.
// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0 in the environment measures the runtime's default
// instead. Must precede the first socket.
if (args[0] is "cluster-master" or "cluster-agents" or "wire" or "wire-client")
    FastMesos.Hosting.InlineSocketCompletions.Prefer();

try
{
    return args[0] switch
    {
        "alloc" => AllocCommand.Run(args[1..]),
        "cluster" => ClusterCommand.Run(args[1..]),
        "cluster-agents" => ClusterAgentsCommand.Run(args[1..]),
        "cluster-master" => ClusterMasterCommand.Run(args[1..]),
        "cluster-marathon" => ClusterMarathonCommand.Run(args[1..]),
        "failover" => FailoverCommand.Run(args[1..]),
        "gate" => GateCommand.Run(args[1..]),
        "launch" => LaunchCommand.Run(args[1..]),
        "marathon" => MarathonBenchCommand.Run(args[1..]),
        "wire" => WireCommand.Run(args[1..]),
        "wire-client" => WireClientCommand.Run(args[1..]),
        "health-target" => HealthTargetCommand.Run(args[1..]),
        "events" => EventsBenchCommand.Run(args[1..]),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"fastmesos sim: {e.Message}");
    Console.Error.WriteLine(args[0] switch
    {
        "alloc" => AllocCommand.Usage,
        "cluster" => ClusterCommand.Usage,
        "cluster-agents" => ClusterAgentsCommand.Usage,
        "cluster-master" => ClusterMasterCommand.Usage,
        "cluster-marathon" => ClusterMarathonCommand.Usage,
        "failover" => FailoverCommand.Usage,
        "gate" => GateCommand.Usage,
        "launch" => LaunchCommand.Usage,
        "marathon" => MarathonBenchCommand.Usage,
        "wire" => WireCommand.Usage,
        "wire-client" => WireClientCommand.Usage,
        "health-target" => HealthTargetCommand.Usage,
        "events" => EventsBenchCommand.Usage,
        _ => Usage,
    });
    return 2;
}
