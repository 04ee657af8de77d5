using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// An agent in a <see cref="MasterSnapshot"/>: every field of its record a document shows that can
/// change after the snapshot, copied; its tasks are <see cref="MasterSnapshot.TasksOf(in AgentView)"/>.
/// </summary>
internal readonly record struct AgentView(
    string Id,
    string Pid,
    AgentInfo Info,
    AgentState State,
    string Version,
    double RegisteredTime,
    double? ReregisteredTime,
    int TaskStart,
    int TaskCount);
