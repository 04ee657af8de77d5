namespace FastMesos.Engine;

/// <summary>Task ids are unique per framework.</summary>
internal readonly record struct TaskKey(int Framework, string TaskId);
