namespace FastMesos.Messages;

/// <summary>
/// UPDATE_FRAMEWORK: change a subscribed framework's info, all or nothing (principal, user and
/// checkpoint cannot change); offers for roles it drops are rescinded.
/// </summary>
public sealed record UpdateFrameworkCall
{
    public required FrameworkInfo Framework { get; init; }
    public IReadOnlyList<string> SuppressedRoles { get; init; } = [];
}
