namespace FastMesos.Apps.Deployments;

/// <summary>What a <see cref="TaskReplacement"/> asks of its caller after an event.</summary>
/// <param name="Kill">Old instances to kill now (goal Decommissioned, or Stopped for resident apps).</param>
/// <param name="Launch">New-version instances to launch now.</param>
/// <param name="Done">The restart is complete: N new instances healthy and ready, no old one active.</param>
public readonly record struct ReplacementOrder(IReadOnlyList<string> Kill, int Launch, bool Done)
{
    /// <summary>Whether the caller has nothing to do.</summary>
    public bool IsIdle => Kill.Count == 0 && Launch == 0;
}
