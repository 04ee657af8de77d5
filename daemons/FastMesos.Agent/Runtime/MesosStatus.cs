using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>One entry of a task's status history, as <c>/state</c> lists it.</summary>
public readonly record struct MesosStatus(TaskState State, double Timestamp, string? ContainerId);
