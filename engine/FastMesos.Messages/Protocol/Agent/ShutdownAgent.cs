namespace FastMesos.Messages;

/// <summary>Master → agent: shut down (the agent was removed or is not allowed to reregister); kills its tasks.</summary>
public sealed record ShutdownAgent(string Message);
