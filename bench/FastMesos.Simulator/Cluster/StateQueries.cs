using System.Diagnostics;
using System.Text.Json;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario F of specs/performance.md §8.2: with every agent registered and every task RUNNING,
/// <c>GET /master/state</c> (served on the master's wire port) is timed back to back, request sent →
/// last byte read, while the master keeps pinging every agent. The last response is parsed (outside
/// the clock) to check it holds every agent and every task.
/// </summary>
internal static class StateQueries
{
    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, ClusterMeasurement launched, Action<string> progress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var url = new Uri($"http://127.0.0.1:{cluster.Port}/master/state");
        // One unmeasured query: the first request pays for the connection and the JIT of both sides.
        byte[] body = await http.GetByteArrayAsync(url);
        progress($"{spec.StateQueries} timed GET /master/state ({body.Length:N0} bytes) while heartbeats flow");
        await phase.StartAsync();
        double[] ms = new double[spec.StateQueries];
        for (int i = 0; i < ms.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            body = await http.GetByteArrayAsync(url);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        ClusterMeasurement measured = await phase.EndAsync(ms.Sum() / 1000);
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
