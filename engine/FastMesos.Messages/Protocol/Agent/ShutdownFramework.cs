namespace FastMesos.Messages;

/// <summary>Master → agent: the framework was removed; shut down its executors and kill its tasks.</summary>
public readonly record struct ShutdownFramework(FrameworkId FrameworkId);
