using System.Text.Json;
using System.Text.Json.Serialization;
using FastMesos.Messages;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A workload for <c>sim cluster</c>, read from a JSON file (bench/profiles/*.json): the kinds of
/// agents, the frameworks, and how the agents retry status updates. <see cref="Load"/> checks every
/// value and names the file and field of the first bad one.
/// </summary>
public sealed record WorkloadProfile
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    [JsonPropertyName("agents")] public IReadOnlyList<AgentProfile> Agents { get; init; } = [new AgentProfile()];

    [JsonPropertyName("frameworks")] public IReadOnlyList<FrameworkProfile> Frameworks { get; init; } = [new FrameworkProfile()];

    /// <summary>An unacknowledged status update is sent again after this long, then after twice that, up to 10 min (the real agent: 10 s doubling).</summary>
    [JsonPropertyName("status_retry_ms")] public int StatusRetryMs { get; init; } = 10_000;

    /// <summary>The built-in workload: one agent kind, one framework of 0.1-cpu tasks, RUNNING at once.</summary>
    public static WorkloadProfile Default { get; } = new();

    /// <summary>Reads and checks <paramref name="path"/>; a missing file, bad JSON or a bad value throws <see cref="InvalidDataException"/> naming it.</summary>
    public static WorkloadProfile Load(string path)
    {
        WorkloadProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<WorkloadProfile>(File.ReadAllText(path), s_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"workload profile {path}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"workload profile {path}: {e.Message}", e);
        }

        if (profile is null)
            throw new InvalidDataException($"workload profile {path}: the file holds null, not an object");
        profile.Validate(path);
        return profile;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> for the first value that cannot work.</summary>
    public void Validate(string source)
    {
        if (Agents.Count == 0)
            Fail(source, "agents", "needs at least one agent profile");
        if (Frameworks.Count == 0)
            Fail(source, "frameworks", "needs at least one framework profile");
        if (StatusRetryMs < 10)
            Fail(source, "status_retry_ms", $"must be at least 10, not {StatusRetryMs}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Agents.Count; i++)
        {
            AgentProfile a = Agents[i];
            string at = $"agents[{i}]";
            if (!(a.Share > 0))
                Fail(source, at + ".share", $"must be positive, not {a.Share}");
            if (!Resources.TryParse(a.Resources, out Resources r, out string? error))
                Fail(source, at + ".resources", error ?? "not Mesos resource text");
            if (r.Cpus <= 0 || r.Mem <= 0)
                Fail(source, at + ".resources", "needs cpus and mem");
            if (a.Attributes.Length > 0)
            {
                try
                {
                    AgentAttributes.Parse(a.Attributes);
                }
                catch (FormatException e)
                {
                    Fail(source, at + ".attributes", e.Message);
                }
            }
        }

        for (int i = 0; i < Frameworks.Count; i++)
        {
            FrameworkProfile f = Frameworks[i];
            string at = $"frameworks[{i}]";
            if (string.IsNullOrWhiteSpace(f.Name) || !names.Add(f.Name))
                Fail(source, at + ".name", $"must be a unique non-empty name, not '{f.Name}'");
            if (f.Roles.Count == 0)
                Fail(source, at + ".roles", "needs at least one role");
            if (!Resources.TryParse(f.TaskResources, out Resources r, out string? error))
                Fail(source, at + ".task_resources", error ?? "not Mesos resource text");
            if (r.Cpus <= 0 && r.Mem <= 0)
                Fail(source, at + ".task_resources", "needs cpus or mem");
            if (!(f.TasksPerAgent >= 0) || f.TasksPerAgent > 10_000)
                Fail(source, at + ".tasks_per_agent", $"must be from 0 to 10000, not {f.TasksPerAgent}");
            if (f.StartingDelayMs < 0 || f.RunningDelayMs < 0 || f.DurationMs < 0)
                Fail(source, at, "delays and durations must not be negative");
        }
    }

    /// <summary>The profile named <paramref name="name"/>, or null.</summary>
    public FrameworkProfile? Framework(string name)
    {
        foreach (FrameworkProfile f in Frameworks)
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal))
                return f;
        }

        return null;
    }

    /// <summary>
    /// The agent profile of agent <paramref name="index"/> of <paramref name="total"/>: the shares
    /// are laid out as consecutive index ranges, so every process computes the same split.
    /// </summary>
    public AgentProfile AgentFor(int index, int total)
    {
        double sum = 0;
        foreach (AgentProfile a in Agents)
            sum += a.Share;
        double position = (index + 0.5) / total * sum;
        double upTo = 0;
        foreach (AgentProfile a in Agents)
        {
            upTo += a.Share;
            if (position < upTo)
                return a;
        }

        return Agents[^1];
    }

    private static void Fail(string source, string field, string why) =>
        throw new InvalidDataException($"workload profile {source}: {field} {why}");
}
