namespace FastMesos.Messages;

/// <summary>
/// One operation of an ACCEPT call or an agent's ApplyOperation (Mesos <c>Offer.Operation</c>). Which
/// fields matter depends on <see cref="Type"/>: LAUNCH uses <see cref="Tasks"/>; LAUNCH_GROUP uses
/// <see cref="Executor"/> and <see cref="Tasks"/>; RESERVE and UNRESERVE use <see cref="Resources"/>
/// (the reserved form); CREATE and DESTROY use <see cref="Volumes"/>.
/// </summary>
public sealed record OfferOperation
{
    public required OfferOperationType Type { get; init; }

    /// <summary>The framework's operation id; Mesos sends operation feedback only when it is set.</summary>
    public string? Id { get; init; }
    public IReadOnlyList<TaskInfo> Tasks { get; init; } = [];
    public ExecutorInfo? Executor { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;
    public IReadOnlyList<PersistentVolume> Volumes { get; init; } = [];
}
