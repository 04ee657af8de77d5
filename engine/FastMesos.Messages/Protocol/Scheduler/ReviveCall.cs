namespace FastMesos.Messages;

/// <summary>REVIVE: unsuppress the roles and clear their offer filters (no roles means all of the framework's roles).</summary>
public sealed record ReviveCall
{
    public required FrameworkId FrameworkId { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
}
