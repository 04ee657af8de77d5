using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// An agent in a <see cref="MasterSnapshot"/>: every field of its record a document shows that can
/// change after the snapshot, copied; its tasks are <see cref="MasterSnapshot.TasksOf(in AgentView)"/>.
/// </summary>
/// <remarks>
/// The pid is kept as its parts (the record's address, the info's port) and written straight into
/// the document (<see cref="TryFormatPid"/>): a pid string per agent per snapshot was what was left
/// of a state query's garbage once the resources stopped allocating (10,000 strings, ~0.7 MB).
/// </remarks>
internal readonly record struct AgentView(
    string Id,
    string Address,
    AgentInfo Info,
    AgentState State,
    string Version,
    double RegisteredTime,
    double? ReregisteredTime,
    int TaskStart,
    int TaskCount)
{
    /// <summary>The agent's pid, <c>slave(1)@ip:port</c>, as <see cref="AgentRecord.Pid"/> spells it.</summary>
    public string Pid => $"slave(1)@{Address}:{Info.Port}";

    /// <summary>Longest pid <see cref="TryFormatPid"/> is given room for on the stack; longer ones take <see cref="Pid"/>.</summary>
    public const int PidStackBytes = 128;

    /// <summary>Writes <see cref="Pid"/> as UTF-8 into <paramref name="utf8"/>; false when it does not fit.</summary>
    public bool TryFormatPid(Span<byte> utf8, out int written) =>
        System.Text.Unicode.Utf8.TryWrite(utf8, System.Globalization.CultureInfo.InvariantCulture, $"slave(1)@{Address}:{Info.Port}", out written);
}
