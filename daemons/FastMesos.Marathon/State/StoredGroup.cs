using FastMesos.Apps.Model;

namespace FastMesos.Marathon.State;

/// <summary>
/// A group as <see cref="RootGroupCodec"/> stores it: the group's own fields, its subgroups, and its
/// apps as references to their stored versions, which the runtime reads to rebuild the <see cref="Group"/>.
/// </summary>
internal sealed record StoredGroup(
    PathId Id,
    DateTimeOffset? Version,
    bool EnforceRole,
    IReadOnlyList<PathId> Dependencies,
    IReadOnlyList<StoredAppRef> Apps,
    IReadOnlyList<StoredGroup> Groups);
