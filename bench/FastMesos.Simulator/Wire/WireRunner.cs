using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// Runs one mode: starts the server in this process and the client in a child, and measures the
/// server between the client's window markers. Every wait is bounded; an overrunning client is killed.
/// </summary>
internal static class WireRunner
{
    // Dialing a thousand connections takes seconds; a minute means something is stuck.
    private static readonly TimeSpan ConnectBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static async Task<ModeMeasurement> MeasureAsync(WireSpec spec, WireMode mode, Action<string> progress)
    {
        string name = WireModes.Name(mode);
        await using IWireServer server = mode == WireMode.Floor
            ? FloorWireServer.Start(spec.Connections)
            : await FastMesosWireServer.StartAsync(spec.Connections);
        using ClientProcess client = ClientProcess.Start(
        [
            "--port", Arg(server.Port), "--connections", Arg(spec.Connections), "--seconds", Arg(spec.Seconds),
            "--mode", name, "--size", Arg(spec.Size), "--window", Arg(spec.Window), "--warmup-ms", Arg(spec.WarmupMs),
            "--rate", Arg(spec.Rate),
        ]);
        progress($"wire {name}: dialing {spec.Connections} connections");

        await Expect(client, ClientMarkers.WindowStart, ConnectBudget + TimeSpan.FromMilliseconds(spec.WarmupMs));
        ServerSnapshot start = ServerSnapshot.Take(server);
        progress($"wire {name}: {server.ConnectionCount} connections up, measuring {spec.Seconds} s");

        Task<string?> end = client.ReadLineAsync();
        var deadline = Stopwatch.StartNew();
        TimeSpan limit = TimeSpan.FromSeconds(spec.Seconds) + Grace;
        long lastMessages = start.Messages, lastTimestamp = start.Timestamp;
        while (await Task.WhenAny(end, Task.Delay(1_000)) != end && deadline.Elapsed < limit)
        {
            // The last second's rate, not the running mean, so a slow start or a stall shows as it happens.
            long messages = server.MessagesReceived, now = Stopwatch.GetTimestamp();
            double rate = (messages - lastMessages) / Stopwatch.GetElapsedTime(lastTimestamp, now).TotalSeconds;
            (lastMessages, lastTimestamp) = (messages, now);
            progress($"wire {name}: {deadline.Elapsed.TotalSeconds:F0}/{spec.Seconds} s, {rate:N0} msgs/s");
        }
        string endLine = await client.ReadLineAsync(end, ClientMarkers.WindowEnd, TimeSpan.Zero);
        ServerSnapshot stop = ServerSnapshot.Take(server);
        if (endLine != ClientMarkers.WindowEnd)
            throw new InvalidOperationException($"the wire client said '{endLine}' instead of {ClientMarkers.WindowEnd}");

        string reportLine = await client.ReadLineAsync("its report", Grace);
        ClientReport report = JsonSerializer.Deserialize<ClientReport>(reportLine)
            ?? throw new InvalidOperationException($"the wire client's report is not JSON: {reportLine}");
        int exit = await client.WaitForExitAsync(Grace);
        if (exit != 0)
            throw new InvalidOperationException($"the wire client exited with {exit}");

        return new ModeMeasurement
        {
            Mode = mode,
            Client = report,
            Messages = stop.Messages - start.Messages,
            Seconds = Stopwatch.GetElapsedTime(start.Timestamp, stop.Timestamp).TotalSeconds,
            ServerCpuUs = (stop.Cpu - start.Cpu).TotalMicroseconds,
            AllocatedBytes = stop.Allocated - start.Allocated,
            Gen0Collections = stop.Gen0 - start.Gen0,
            Gen1Collections = stop.Gen1 - start.Gen1,
            Gen2Collections = stop.Gen2 - start.Gen2,
            RefusedSends = server is FastMesosWireServer f ? f.Refused : 0,
        };
    }

    private static async Task Expect(ClientProcess client, string marker, TimeSpan timeout)
    {
        string line = await client.ReadLineAsync(marker, timeout);
        if (line != marker)
            throw new InvalidOperationException($"the wire client said '{line}' instead of {marker}");
    }

    private static string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);
}
