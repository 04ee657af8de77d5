namespace FastMesos.Messages;

/// <summary>TEARDOWN: remove the framework now, shutting down all its executors and tasks.</summary>
public readonly record struct TeardownCall(FrameworkId FrameworkId);
