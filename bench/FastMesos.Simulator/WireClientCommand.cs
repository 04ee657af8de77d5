using System.Diagnostics;
using System.Text.Json;
using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim wire-client</c>: the dialing process of <c>sim wire</c>, started by it, not by hand.
/// It prints <see cref="ClientMarkers"/> around the measured window and then one <see cref="ClientReport"/> line.
/// </summary>
internal static class WireClientCommand
{
    public const string Usage = """
        usage: ./fastmesos sim wire-client --port P --connections N --seconds S --mode fastmesos|floor [--size B] [--window W]

          The client process of `sim wire` (started by it): dials N loopback connections to port P
          and keeps W pings in flight on each for S seconds (or, with --rate, R pings/s over all of
          them, one in flight per connection). Prints window markers, then one JSON line.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, new HashSet<string>());
        int port = cl.Int("port", 0, 1, 65_535);
        var spec = new WireSpec
        {
            Connections = cl.Int("connections", 1, 1, 10_000),
            Seconds = cl.Int("seconds", 10, 1, 3_600),
            Size = cl.Int("size", 64, FloorFrame.MinSize, FloorFrame.MaxSize),
            Window = cl.Int("window", 64, 1, 4_096),
            WarmupMs = cl.Int("warmup-ms", 2_000, 0, 60_000),
            Rate = cl.Int("rate", 0, 0, 10_000_000),
        };
        WireMode mode = WireModes.Parse(cl.Choice("mode", WireModes.FastMesos, WireModes.FastMesos, WireModes.Floor));
        cl.RejectUnknown();
        if (port == 0)
            throw new UsageException("--port is required");
        return RunAsync(port, spec, mode).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int port, WireSpec spec, WireMode mode)
    {
        var load = new LoadState(spec);
        await using IWireClient client = mode == WireMode.Floor ? new FloorWireClient(port, load) : new FastMesosWireClient(port, load);

        var dial = Stopwatch.StartNew();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await client.ConnectAsync(deadline.Token);
        double dialMs = dial.Elapsed.TotalMilliseconds;

        client.Start();
        RateDriver? driver = load.RateLimited ? RateDriver.Start(client, load) : null;
        await Task.Delay(spec.WarmupMs);

        using var self = Process.GetCurrentProcess();
        TimeSpan cpuStart = self.TotalProcessorTime;
        long pongsStart = client.Pongs;
        load.Latency.Recording = true;
        var window = Stopwatch.StartNew();
        Console.WriteLine(ClientMarkers.WindowStart);

        await Task.Delay(TimeSpan.FromSeconds(spec.Seconds));

        long pongs = client.Pongs - pongsStart;
        double seconds = window.Elapsed.TotalSeconds;
        load.Latency.Recording = false;
        Console.WriteLine(ClientMarkers.WindowEnd);
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime - cpuStart;
        client.Stop();
        driver?.Join();
        // Let the pongs in flight come home, so closing does not look like a fault to the server.
        await Task.Delay(200);

        double[] rtt = load.Latency.PercentilesUs(50, 90, 99, 99.9, 100);
        var report = new ClientReport
        {
            Mode = WireModes.Name(mode),
            Connections = spec.Connections,
            DialMs = dialMs,
            WindowSeconds = seconds,
            Pongs = pongs,
            ClosedConnections = client.Closed,
            RttSamples = load.Latency.Count,
            P50RttUs = rtt[0],
            P90RttUs = rtt[1],
            P99RttUs = rtt[2],
            P999RttUs = rtt[3],
            MaxRttUs = rtt[4],
            ScheduledSent = driver?.Sent ?? 0,
            ScheduledSkipped = driver?.Skipped ?? 0,
            CpuUs = cpu.TotalMicroseconds,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }
}
