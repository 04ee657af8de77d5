using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// A framework in a <see cref="MasterSnapshot"/>: the fields of its record a document shows, copied,
/// and where its tasks (every task it has, unreachable ones included) and its completed tasks lie in
/// the snapshot (<see cref="MasterSnapshot.TasksOf(in FrameworkView)"/>, <see cref="MasterSnapshot.CompletedTasksOf"/>).
/// </summary>
internal readonly record struct FrameworkView(
    string Id,
    FrameworkInfo Info,
    bool Active,
    bool Connected,
    double RegisteredTime,
    double? ReregisteredTime,
    double? UnregisteredTime,
    int TaskStart,
    int TaskCount,
    int CompletedStart,
    int CompletedCount);
