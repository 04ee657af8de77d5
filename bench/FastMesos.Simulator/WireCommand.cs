using FastMesos.Simulator.Reporting;
using FastMesos.Simulator.Wire;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim wire</c>: loopback ping/pong load over FastMesos connections, then the same over plain sockets (the floor).</summary>
internal static class WireCommand
{
    public const string Usage = """
        usage: ./fastmesos sim wire [--connections N] [--seconds S] [--size B] [--window W] [--warmup-ms MS] [--rate R] [--json]

          A loopback load between a listener (this process, answering each Ping with a Pong) and N
          dialers in a child process keeping W pings in flight per connection, measured for S seconds;
          then the floor: the same connections, window and duration over plain sockets with
          length-prefixed byte copies, no serializer. Defaults: 1000 connections, 10 s, window 64, 2000 ms of unmeasured warm-up,
          --size (bytes per floor message, length included) = the size of a FastMesos Ping frame.
          --rate R: the latency mode instead: R pings/s in total on an open-loop schedule spread over
          the connections, one ping in flight per connection (a due ping whose connection is still
          waiting is skipped and counted), every round trip timed; p50/p99/p99.9 in µs.
          Both processes run their socket continuations on the runtime's event threads, as the master
          does (inline_completions in the JSON); DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0 measures
          the runtime's default instead. With --json the last line is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["json"];

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        int messageBytes = PingFrame.Size();
        var spec = new WireSpec
        {
            Connections = cl.Int("connections", 1_000, 1, 10_000),
            Seconds = cl.Int("seconds", 10, 1, 3_600),
            Size = cl.Int("size", messageBytes, FloorFrame.MinSize, FloorFrame.MaxSize),
            Window = cl.Int("window", 64, 1, 4_096),
            WarmupMs = cl.Int("warmup-ms", 2_000, 0, 60_000),
            Rate = cl.Int("rate", 0, 0, 10_000_000),
        };
        bool json = cl.Flag("json");
        cl.RejectUnknown();

        void Progress(string line) => Console.Error.WriteLine(line);
        ModeMeasurement fm, floor;
        try
        {
            fm = WireRunner.MeasureAsync(spec, WireMode.FastMesos, Progress).GetAwaiter().GetResult();
            floor = WireRunner.MeasureAsync(spec, WireMode.Floor, Progress).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // A stuck or failed client is a run that measured nothing: one line saying why, not a stack trace.
            Console.Error.WriteLine($"fastmesos sim wire: {e.Message}");
            return 1;
        }
        WireResult result = WireResult.From(spec, messageBytes, fm, floor);
        if (json)
            ResultLine.Write(result);
        else
            Print(result);
        return result.ClosedConnections == 0 && result.FloorClosedConnections == 0 ? 0 : 1;
    }

    private static void Print(WireResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("FastMesos").RightAligned()).AddColumn(new TableColumn("floor").RightAligned());
        void Row(string name, string value, string floor) => table.AddRow(name, value, floor);
        Row("connections / window", $"{r.Connections:N0} / {r.Window}", $"{r.Connections:N0} / {r.Window}");
        Row("bytes per message", r.MessageBytes.ToString("N0"), r.FloorMessageBytes.ToString("N0"));
        Row("messages", r.Messages.ToString("N0"), r.FloorMessages.ToString("N0"));
        Row("msgs/s", r.MsgsPerSec.ToString("N0"), r.FloorMsgsPerSec.ToString("N0"));
        Row("server cpu µs/msg", r.CpuUsPerMsg.ToString("F3"), r.FloorCpuUsPerMsg.ToString("F3"));
        Row("rtt µs p50 / p99 / p99.9", $"{r.P50RttUs:N0} / {r.P99RttUs:N0} / {r.P999RttUs:N0}", $"{r.FloorP50RttUs:N0} / {r.FloorP99RttUs:N0} / {r.FloorP999RttUs:N0}");
        if (r.Rate > 0)
            Row("rate (pings/s) / skipped", $"{r.Rate:N0} / {r.SkippedPings:N0}", "");
        Row("allocated bytes/msg", r.AllocatedBytesPerMsg.ToString("F3"), r.FloorAllocatedBytesPerMsg.ToString("F3"));
        Row("closed connections", r.ClosedConnections.ToString(), r.FloorClosedConnections.ToString());
        Row("ratio to floor (msgs/s, cpu/msg)", $"{r.RatioToFloor:F3}, {r.CpuRatioToFloor:F3}", "1");
        AnsiConsole.Write(table);
    }
}
