using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// One framework of a workload (Mesos' FrameworkProfile): its roles, the shape and number of the
/// tasks it launches, and how the simulated agents play those tasks (delays before each state
/// change, how long a task runs). A native scheduler client subscribes as this framework.
/// </summary>
public sealed record FrameworkProfile
{
    [JsonPropertyName("name")] public string Name { get; init; } = "bench";

    [JsonPropertyName("roles")] public IReadOnlyList<string> Roles { get; init; } = ["*"];

    /// <summary>Resources of each task, Mesos resource text.</summary>
    [JsonPropertyName("task_resources")] public string TaskResources { get; init; } = "cpus:0.1;mem:32";

    /// <summary>
    /// Tasks the framework launches in the launch and status scenarios, per agent of the cluster (so
    /// a profile scales with <c>--agents</c>): 10 with 1,000 agents is 10,000 tasks.
    /// </summary>
    [JsonPropertyName("tasks_per_agent")] public double TasksPerAgent { get; init; } = 10;

    /// <summary>The framework's task count in a cluster of <paramref name="agents"/>.</summary>
    public int TaskCount(int agents) => (int)Math.Round(TasksPerAgent * agents);

    /// <summary>When set, the agent reports TASK_STARTING this long after the launch, before RUNNING.</summary>
    [JsonPropertyName("starting_delay_ms")] public int? StartingDelayMs { get; init; }

    /// <summary>Delay from the launch (or STARTING) to TASK_RUNNING.</summary>
    [JsonPropertyName("running_delay_ms")] public int RunningDelayMs { get; init; }

    /// <summary>When set, the task finishes (TASK_FINISHED) this long after RUNNING; otherwise it runs until killed.</summary>
    [JsonPropertyName("duration_ms")] public int? DurationMs { get; init; }
}
