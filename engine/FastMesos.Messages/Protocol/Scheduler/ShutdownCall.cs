namespace FastMesos.Messages;

/// <summary>SHUTDOWN: shut down a custom executor; after its grace period the agent destroys the container.</summary>
public readonly record struct ShutdownCall(FrameworkId FrameworkId, ExecutorId ExecutorId, AgentId AgentId);
