namespace FastMesos.Messages;

/// <summary>SUPPRESS: stop sending offers for the roles (no roles means all); status updates keep flowing.</summary>
public sealed record SuppressCall
{
    public required FrameworkId FrameworkId { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
}
