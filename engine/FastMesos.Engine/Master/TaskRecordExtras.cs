using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// The fields of a <see cref="TaskRecord"/> most tasks leave empty: an executor, a kill policy,
/// labels, a role other than <c>*</c>, a state history longer than one change. Kept in a side
/// object that exists only for the records that need it, so the rest of a million records carry
/// one empty reference instead of six empty fields (40 bytes less each).
/// </summary>
internal sealed class TaskRecordExtras
{
    public string? ExecutorId { get; set; }

    public Resources? ExecutorResources { get; set; }

    public KillPolicy? KillPolicy { get; set; }

    public IReadOnlyList<Label> Labels { get; set; } = [];

    /// <summary>The task's role when it is not <c>*</c>; null for <c>*</c>.</summary>
    public string? Role { get; set; }

    /// <summary>The state history from its second change on (see <see cref="TaskRecord.StatusAt"/>).</summary>
    public (TaskState State, double Timestamp)[]? Statuses { get; set; }

    /// <summary>The entries of <see cref="Statuses"/> in use.</summary>
    public int StatusCount { get; set; }
}
