using FastMesos.Messages;

namespace FastMesos.Master;

/// <summary>A top-level role's quota from the master's configuration: guaranteed and maximum scalars.</summary>
public sealed record RoleQuota(Resources Guarantee, Resources Limit);
