namespace FastMesos.Simulator.Failover;

/// <summary>
/// Scenario D of specs/performance.md §8.2d: <see cref="Agents"/> agents, each running
/// <see cref="TasksPerAgent"/> tasks spread round-robin over <see cref="Frameworks"/> frameworks and
/// reporting <see cref="CompletedTasksPerAgent"/> finished ones of them (its history), every task
/// with <see cref="LabelsPerTask"/> labels (Mesos' benchmark uses 10).
/// </summary>
public sealed record FailoverSpec
{
    public int Agents { get; init; } = 10_000;

    public int TasksPerAgent { get; init; } = 10;

    /// <summary>Frameworks the tasks belong to; each agent reports every framework it runs a task of.</summary>
    public int Frameworks { get; init; } = 5;

    public int LabelsPerTask { get; init; } = 10;

    /// <summary>Finished tasks each agent reports in its re-registration (Mesos' completed_frameworks); 100 makes D-10k-100k-1M.</summary>
    public int CompletedTasksPerAgent { get; init; }

    /// <summary>How many agents dial and send at once: the in-process transport's handshakes overlap.</summary>
    public int DialConcurrency { get; init; } = 64;

    /// <summary>Bound on each phase (populate the first master, re-register with the second).</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public string Name => $"D-{Agents}-{(long)Agents * TasksPerAgent}-{(long)Agents * CompletedTasksPerAgent}";
}
