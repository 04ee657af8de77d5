using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// What the engine needs of a TaskInfo: its id and resources, and the executor it runs under.
/// Executor resources are charged once per (framework, executor, agent) and released when its last task ends.
/// </summary>
public sealed record TaskLaunch(string TaskId, Resources Resources, string? ExecutorId = null, Resources? ExecutorResources = null);
