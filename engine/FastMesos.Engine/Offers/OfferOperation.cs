using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>One operation of an ACCEPT call, applied in order against the accepted offers' resources.</summary>
public sealed record OfferOperation
{
    public required OfferOperationType Type { get; init; }

    /// <summary>LAUNCH / LAUNCH_GROUP tasks.</summary>
    public IReadOnlyList<TaskLaunch> Tasks { get; init; } = [];

    /// <summary>RESERVE / UNRESERVE: the reserved form of the resources (role-qualified).</summary>
    public Resources Resources { get; init; } = Resources.Empty;

    /// <summary>CREATE / DESTROY volumes.</summary>
    public IReadOnlyList<PersistentVolume> Volumes { get; init; } = [];

    public static OfferOperation Launch(params TaskLaunch[] tasks) => new() { Type = OfferOperationType.Launch, Tasks = tasks };
    public static OfferOperation LaunchGroup(params TaskLaunch[] tasks) => new() { Type = OfferOperationType.LaunchGroup, Tasks = tasks };
    public static OfferOperation Reserve(Resources reserved) => new() { Type = OfferOperationType.Reserve, Resources = reserved };
    public static OfferOperation Unreserve(Resources reserved) => new() { Type = OfferOperationType.Unreserve, Resources = reserved };
    public static OfferOperation Create(params PersistentVolume[] volumes) => new() { Type = OfferOperationType.Create, Volumes = volumes };
    public static OfferOperation Destroy(params PersistentVolume[] volumes) => new() { Type = OfferOperationType.Destroy, Volumes = volumes };
}
