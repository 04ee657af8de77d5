namespace FastMesos.Messages;

/// <summary>
/// The state of a task at one moment (Mesos <c>TaskStatus</c>). Updates that carry a
/// <see cref="Uuid"/> are reliable and must be acknowledged; master-generated ones (reconciliation,
/// lost or unreachable agents) carry none. A struct so a status update can decode without allocating.
/// </summary>
public readonly record struct TaskStatus
{
    private readonly IReadOnlyList<Label>? _labels;

    public required TaskId TaskId { get; init; }
    public required TaskState State { get; init; }
    public string? Message { get; init; }
    public TaskStatusSource Source { get; init; }

    /// <summary>Null when no reason is given (Mesos' reason 0 is a real reason).</summary>
    public TaskStatusReason? Reason { get; init; }
    public AgentId? AgentId { get; init; }
    public ExecutorId? ExecutorId { get; init; }

    /// <summary>Seconds since the Unix epoch, as Mesos' double <c>timestamp</c>.</summary>
    public double Timestamp { get; init; }

    /// <summary>The update's identity; acknowledgements name it. Null for unreliable updates.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>The health check's verdict; null when the task has no health check or no result yet.</summary>
    public bool? Healthy { get; init; }
    public ContainerStatus? ContainerStatus { get; init; }
    public IReadOnlyList<Label> Labels { get => _labels ?? []; init => _labels = value; }

    /// <summary>When the agent became unreachable, nanoseconds since the Unix epoch (Mesos <c>TimeInfo</c>).</summary>
    public long? UnreachableTimeNanoseconds { get; init; }

    /// <summary>Opaque executor bytes; the master drops them before forwarding (Mesos MESOS-1746).</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}
