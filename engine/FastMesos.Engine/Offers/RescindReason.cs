namespace FastMesos.Engine;

/// <summary>Why the engine took an outstanding offer back.</summary>
public enum RescindReason
{
    AgentRemoved,
    AgentDeactivated,
    AgentUpdated,
    FrameworkRemoved,
    FrameworkDeactivated,
    Timeout,
    Operator,
}
