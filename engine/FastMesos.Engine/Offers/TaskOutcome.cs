using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// What became of one task of an ACCEPT: launched (state STAGING), or refused with the state and
/// reason Mesos reports (TASK_ERROR / REASON_TASK_INVALID, TASK_DROPPED or TASK_LOST /
/// REASON_INVALID_OFFERS) and a message saying what was wrong. A launched task's
/// <see cref="Slot"/> is its handle in the allocator's task ledger (-1 for a refused one), which
/// <see cref="Allocator.UpdateTaskState"/> takes.
/// </summary>
public readonly record struct TaskOutcome(string TaskId, bool Launched, TaskState State, string? Reason, string? Message, int Slot = -1);
