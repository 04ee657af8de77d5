using FastMesos.Simulator;

// `./fastmesos sim <scenario> ...`: the simulator's front. Bad input prints usage and exits 2.
const string Usage = """
    usage: ./fastmesos sim <command> [flags]

    commands:
      alloc    allocation cycles in process (scenario A of specs/performance.md §8.2)
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(Usage);
    Console.WriteLine(AllocCommand.Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "alloc" => AllocCommand.Run(args[1..]),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"fastmesos sim: {e.Message}");
    Console.Error.WriteLine(args[0] == "alloc" ? AllocCommand.Usage : Usage);
    return 2;
}
