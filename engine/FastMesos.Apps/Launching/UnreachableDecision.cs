namespace FastMesos.Apps.Launching;

/// <summary>What to do with an unreachable instance now (specs/marathon.md §6.3).</summary>
public enum UnreachableDecision
{
    /// <summary>Keep waiting for the agent; nothing is replaced.</summary>
    Stay,

    /// <summary>Mark it UnreachableInactive and launch a replacement; keep it until expunge.</summary>
    Inactive,

    /// <summary>Expunge it (and kill it should it come back); a replacement is launched if none was.</summary>
    Expunge,
}
