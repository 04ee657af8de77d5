using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// A task in a <see cref="MasterSnapshot"/>: the record (whose definition, ids and role never change)
/// with the state it had when the snapshot was taken and where its copied status history lies in
/// <see cref="MasterSnapshot.Statuses"/> (an agent's task list copies no history: count 0).
/// </summary>
internal readonly record struct TaskView(TaskRecord Record, TaskState State, int StatusStart, int StatusCount);
