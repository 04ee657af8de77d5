using FastMesos.Simulator.Marathon;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim health-target</c>: the HTTP server the health benchmark's probes hit, in its own
/// process (started by <c>sim marathon --scenario health</c>, not by hand) so that serving the
/// probes is not counted as the checker's CPU. Prints <c>ports p1,p2,…</c>, then serves until its
/// standard input closes.
/// </summary>
internal static class HealthTargetCommand
{
    public const string Usage = """
        usage: ./fastmesos sim health-target --ports K

          The probe target of `sim marathon --scenario health` (started by it): K listeners on free
          ports answering every HTTP request with 200. Prints "ports p1,p2,...", serves until stdin closes.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, new HashSet<string>());
        int ports = cl.Int("ports", 16, 1, 1000);
        cl.RejectUnknown();
        using var server = new HealthTargetServer(ports);
        Console.WriteLine("ports " + string.Join(',', server.Ports));
        Console.Out.Flush();
        while (Console.In.ReadLine() is not null)
        {
            // Nothing is read from the parent but the end of its pipe.
        }
        return 0;
    }
}
