namespace FastMesos.Marathon.Runtime;

/// <summary>
/// An app's last failed task (<c>lastTaskFailure</c> of AppInfo, specs/marathon.md §2): the
/// status that ended it, as Marathon reports it.
/// </summary>
public sealed record TaskFailure(string AppId, string? Host, string Message, string State, string TaskId,
    DateTimeOffset Timestamp, DateTimeOffset Version, string? SlaveId);
