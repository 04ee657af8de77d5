using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // The last failure of each app (in memory only: like Marathon's, it is a diagnostic, lost on restart).
    private readonly Dictionary<string, TaskFailure> _lastFailures = new(StringComparer.Ordinal);

    /// <summary>Records a status in one of Marathon's failure states as the app's last task failure.</summary>
    private void RecordFailure(Instance instance, MesosTaskStatus status)
    {
        if (status.State is not (TaskState.Failed or TaskState.Error or TaskState.Lost or TaskState.Dropped
            or TaskState.Gone or TaskState.GoneByOperator or TaskState.Unknown))
            return;
        _lastFailures[instance.AppId] = new TaskFailure(instance.AppId, instance.Host, status.Message ?? "",
            status.State.WireName(), status.TaskId.Value, Now, instance.AppVersion, (status.AgentId ?? instance.AgentId)?.Value);
    }

    /// <summary>Drops the failures of apps no longer in the tree, so a recreated app starts clean (as Marathon does on deletion).</summary>
    private void ForgetFailuresOfRemovedApps()
    {
        if (_lastFailures.Count == 0)
            return;
        List<string>? gone = null;
        foreach (string appId in _lastFailures.Keys)
        {
            if (_root.App(Apps.Model.PathId.Resolve(appId)) is null)
                (gone ??= []).Add(appId);
        }
        foreach (string appId in gone ?? [])
            _lastFailures.Remove(appId);
    }

    /// <summary>The app's last task failure, or null.</summary>
    internal TaskFailure? LastFailureOf(string appId) => _lastFailures.GetValueOrDefault(appId);
}
