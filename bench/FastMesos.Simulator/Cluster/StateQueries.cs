using System.Diagnostics;
using System.Text.Json;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario F of specs/performance.md §8.2: with every agent registered and every task RUNNING,
/// <c>GET /master/state</c> (served on the master's wire port) is timed back to back, request sent →
/// last byte read, while the master keeps pinging every agent, after <c>--warmup</c> unmeasured queries. The last response is parsed (outside
/// the clock) to check it holds every agent and every task.
/// </summary>
internal static class StateQueries
{
    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, ClusterMeasurement launched, Action<string> progress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var url = new Uri($"http://127.0.0.1:{cluster.Port}/master/state");
        // Unmeasured queries first (--warmup, default 10): the first pays for the connection, and the
        // render's once-per-query methods reach the JIT's optimized tier only after tens of calls.
        byte[] body = await http.GetByteArrayAsync(url);
        int length = body.Length;
        for (int i = 1; i < spec.Warmup; i++)
            (body, length) = await ReadIntoAsync(http, url, body);
        progress($"{spec.StateQueries} timed GET /master/state ({length:N0} bytes) after {Math.Max(1, spec.Warmup)} unmeasured, while heartbeats flow");
        await phase.StartAsync();
        double[] ms = new double[spec.StateQueries];
        for (int i = 0; i < ms.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            (body, length) = await ReadIntoAsync(http, url, body);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        ClusterMeasurement measured = await phase.EndAsync(ms.Sum() / 1000);
        body = body[..length];
        (int agents, int tasks) = Count(body);
        Array.Sort(ms);
        progress($"state: {agents} agents, {tasks} tasks, {body.Length:N0} bytes; p50 {ms[ms.Length / 2]:F1} ms, max {ms[^1]:F1} ms");
        return measured with
        {
            Tasks = launched.Tasks,
            TasksRunning = launched.TasksRunning,
            StateMs = ms,
            StateBytes = body.Length,
            StateAgents = agents,
            StateTasks = tasks,
            Ok = launched.Ok && agents == spec.Agents && tasks == launched.Tasks,
        };
    }

    /// <summary>
    /// Reads one answer into <paramref name="buffer"/> (grown when too small) and returns it with the
    /// answer's length. Reusing one buffer keeps the load generator from allocating a 40 MB array per
    /// query at 10k agents, whose collections would share the master's cores inside the clock.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadIntoAsync(HttpClient http, Uri url, byte[] buffer)
    {
        using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        // One byte of room past the announced length, so the read that finds the end needs no growth.
        if (response.Content.Headers.ContentLength is long announced && announced >= buffer.Length)
            buffer = new byte[announced + 1];
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
                Array.Resize(ref buffer, Math.Max(64 * 1024, buffer.Length * 2));
            int n = await stream.ReadAsync(buffer.AsMemory(length));
            if (n == 0)
                return (buffer, length);
            length += n;
        }
    }

    /// <summary>The agents (<c>slaves</c>) and the active frameworks' tasks in a state document.</summary>
    private static (int Agents, int Tasks) Count(byte[] state)
    {
        using JsonDocument doc = JsonDocument.Parse(state);
        JsonElement root = doc.RootElement;
        int tasks = 0;
        foreach (JsonElement f in root.GetProperty("frameworks").EnumerateArray())
            tasks += f.GetProperty("tasks").GetArrayLength();
        return (root.GetProperty("slaves").GetArrayLength(), tasks);
    }
}
