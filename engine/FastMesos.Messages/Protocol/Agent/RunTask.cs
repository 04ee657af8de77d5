namespace FastMesos.Messages;

/// <summary>Master → agent: launch one task for a framework, starting its executor first if needed.</summary>
public sealed record RunTask
{
    public required FrameworkInfo Framework { get; init; }
    public required TaskInfo Task { get; init; }
}
