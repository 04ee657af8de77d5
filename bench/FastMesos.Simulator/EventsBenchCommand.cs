using System.Text.Json;
using FastMesos.Simulator.Events;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim events</c>: Marathon's event bus fanning events out to SSE subscribers over loopback.</summary>
internal static class EventsBenchCommand
{
    public const string Usage = """
        usage: ./fastmesos sim events [--subscribers N] [--rate R] [--seconds S] [--json]

          A whole Marathon (HTTP server and event bus, against an in-process master) with N SSE
          clients on GET /v2/events over loopback, each on its own connection, in this process.
          A publisher thread puts R events/s on the bus for S seconds (after 1 s of warm-up), each
          carrying its publish time; every delivery's latency goes into an HdrHistogram
          (p50/p99/p99.9/max). Defaults: 100 subscribers, 1000 events/s, 10 s. Exit 1 when an event
          was not delivered to every subscriber or one was disconnected. With --json the last line
          is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["json"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        int subscribers = cl.Int("subscribers", 100, 1, 10_000);
        int rate = cl.Int("rate", 1000, 1, 1_000_000);
        int seconds = cl.Int("seconds", 10, 1, 3_600);
        bool json = cl.Flag("json");
        cl.RejectUnknown();
        Action<string>? progress = json ? null : stage => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(stage)}[/]");
        EventsBenchResult result = EventsBenchRunner.RunAsync(subscribers, rate, seconds, progress).GetAwaiter().GetResult();
        Console.WriteLine(json ? ResultLine.Format(result) : JsonSerializer.Serialize(result, Indented));
        return result.Ok ? 0 : 1;
    }
}
