using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// What the engine needs of a TaskInfo: its id and resources, and the executor it runs under.
/// Executor resources are charged once per (framework, executor, agent) and released when its last task ends.
/// A struct: the master makes one per launched task only to hand it to the allocator inside an
/// operation's array, and as a class it was an object per task of pure garbage (~50 bytes).
/// </summary>
public readonly record struct TaskLaunch(string TaskId, Resources Resources, string? ExecutorId = null, Resources? ExecutorResources = null);
