using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using MessagePack;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario F of specs/performance.md §8.2: with every agent registered and every task RUNNING,
/// <c>GET /master/state</c> (served on the master's wire port) is timed back to back, request sent →
/// last byte read, first as JSON and then as MessagePack (<c>Accept: application/x-msgpack</c>), while
/// the master keeps pinging every agent, after <c>--warmup</c> unmeasured queries of each. The last
/// response of each format is read (outside the clock) to check it holds every agent and every task.
/// </summary>
internal static class StateQueries
{
    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, ClusterMeasurement launched, Action<string> progress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var url = new Uri($"http://127.0.0.1:{cluster.Port}/master/state");
        // Unmeasured queries of each format first (--warmup, default 10): the first pays for the
        // connection, and the writers' once-per-query methods reach the JIT's optimized tier only
        // after tens of calls.
        byte[] json = [];
        byte[] packed = [];
        int jsonLength = 0, packedLength = 0;
        for (int i = 0; i < Math.Max(1, spec.Warmup); i++)
        {
            (json, jsonLength) = await ReadIntoAsync(http, url, json, messagePack: false);
            (packed, packedLength) = await ReadIntoAsync(http, url, packed, messagePack: true);
        }

        progress($"{spec.StateQueries} timed GET /master/state as JSON ({jsonLength:N0} bytes), then as MessagePack ({packedLength:N0} bytes), after {Math.Max(1, spec.Warmup)} unmeasured of each, while heartbeats flow");
        await phase.StartAsync();
        double[] jsonMs = new double[spec.StateQueries];
        for (int i = 0; i < jsonMs.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            (json, jsonLength) = await ReadIntoAsync(http, url, json, messagePack: false);
            jsonMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double[] packedMs = new double[spec.StateQueries];
        for (int i = 0; i < packedMs.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            (packed, packedLength) = await ReadIntoAsync(http, url, packed, messagePack: true);
            packedMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        ClusterMeasurement measured = await phase.EndAsync((jsonMs.Sum() + packedMs.Sum()) / 1000);
        (int agents, int tasks) = CountJson(json.AsMemory(0, jsonLength));
        (int packedAgents, int packedTasks) = CountMessagePack(packed.AsMemory(0, packedLength));
        Array.Sort(jsonMs);
        Array.Sort(packedMs);
        progress($"state: {agents} agents, {tasks} tasks; JSON {jsonLength:N0} bytes, p50 {jsonMs[jsonMs.Length / 2]:F1} ms, max {jsonMs[^1]:F1} ms; "
            + $"MessagePack {packedLength:N0} bytes, p50 {packedMs[packedMs.Length / 2]:F1} ms, max {packedMs[^1]:F1} ms");
        return measured with
        {
            Tasks = launched.Tasks,
            TasksRunning = launched.TasksRunning,
            StateMs = jsonMs,
            StateBytes = jsonLength,
            StateAgents = agents,
            StateTasks = tasks,
            StateMessagePackMs = packedMs,
            StateMessagePackBytes = packedLength,
            Ok = launched.Ok && agents == spec.Agents && tasks == launched.Tasks && packedAgents == agents && packedTasks == tasks,
        };
    }

    /// <summary>
    /// Reads one answer into <paramref name="buffer"/> (grown when too small) and returns it with the
    /// answer's length. Reusing one buffer keeps the load generator from allocating a 40 MB array per
    /// query at 10k agents, whose collections would share the master's cores inside the clock.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadIntoAsync(HttpClient http, Uri url, byte[] buffer, bool messagePack)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (messagePack)
            request.Headers.Accept.Add(MessagePackType);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
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

    private static readonly MediaTypeWithQualityHeaderValue MessagePackType = new("application/x-msgpack");

    /// <summary>The agents (<c>slaves</c>) and the active frameworks' tasks in a JSON state document.</summary>
    private static (int Agents, int Tasks) CountJson(ReadOnlyMemory<byte> state)
    {
        using JsonDocument doc = JsonDocument.Parse(state);
        JsonElement root = doc.RootElement;
        int tasks = 0;
        foreach (JsonElement f in root.GetProperty("frameworks").EnumerateArray())
            tasks += f.GetProperty("tasks").GetArrayLength();
        return (root.GetProperty("slaves").GetArrayLength(), tasks);
    }

    /// <summary>The same counts in a MessagePack state document, read with MessagePack-CSharp's reader.</summary>
    private static (int Agents, int Tasks) CountMessagePack(ReadOnlyMemory<byte> state)
    {
        var reader = new MessagePackReader(state);
        int agents = -1, tasks = 0;
        int keys = reader.ReadMapHeader();
        for (int k = 0; k < keys; k++)
        {
            string? key = reader.ReadString();
            if (key == "slaves")
            {
                agents = reader.ReadArrayHeader();
                for (int i = 0; i < agents; i++)
                    reader.Skip();
            }
            else if (key == "frameworks")
            {
                int frameworks = reader.ReadArrayHeader();
                for (int f = 0; f < frameworks; f++)
                {
                    int fields = reader.ReadMapHeader();
                    for (int i = 0; i < fields; i++)
                    {
                        if (reader.ReadString() == "tasks")
                        {
                            int count = reader.ReadArrayHeader();
                            tasks += count;
                            for (int t = 0; t < count; t++)
                                reader.Skip();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (agents, tasks);
    }
}
