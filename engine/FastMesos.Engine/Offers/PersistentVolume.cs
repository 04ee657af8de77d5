using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// A persistent volume carved out of reserved disk (CREATE) and returned to it (DESTROY). In
/// offers and task resources a volume appears as an item of the set resource
/// <see cref="ResourceName"/> reserved for its role, e.g. <c>persistent_volumes(db):{data-1}</c>.
/// </summary>
public sealed record PersistentVolume(string PersistenceId, string Role, Scalar Size)
{
    public const string ResourceName = "persistent_volumes";
}
