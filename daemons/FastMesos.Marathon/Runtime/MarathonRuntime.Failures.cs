using FastMesos.Marathon.State;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    private const string FailuresPrefix = "failures";

    // The last failure of each app, also stored under failures/<app> (written once per failure, so
    // lastTaskFailure survives a restart or a failover — better than Marathon, which loses it).
    private readonly Dictionary<string, TaskFailure> _lastFailures = new(StringComparer.Ordinal);

    /// <summary>Records and stores a status in one of Marathon's failure states as the app's last task failure.</summary>
    private Task RecordFailureAsync(Instance instance, MesosTaskStatus status)
    {
        if (status.State is not (TaskState.Failed or TaskState.Error or TaskState.Lost or TaskState.Dropped
            or TaskState.Gone or TaskState.GoneByOperator or TaskState.Unknown))
            return Task.CompletedTask;
        // An app deleted meanwhile keeps no failure: its instances still report (a resent TASK_FAILED,
        // the kills of the deletion), and a failure stored after ForgetFailuresOfRemovedApps would
        // outlive the app, in memory and in the store, and greet an app recreated under its id.
        if (_root.App(Apps.Model.PathId.Resolve(instance.AppId)) is null)
            return Task.CompletedTask;
        var failure = new TaskFailure(instance.AppId, instance.Host, status.Message ?? "",
            status.State.WireName(), status.TaskId.Value, Now, instance.AppVersion, (status.AgentId ?? instance.AgentId)?.Value);
        _lastFailures[instance.AppId] = failure;
        return _store.PutAsync(FailureKey(instance.AppId), TaskFailureCodec.Write(failure), _stopping.Token);
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
        {
            _lastFailures.Remove(appId);
            InBackground(_store.DeleteAsync(FailureKey(appId), _stopping.Token), $"forgetting the last failure of {appId}");
        }
    }

    /// <summary>Loads the stored failures of the apps in the tree; those of apps gone meanwhile are deleted.</summary>
    private async Task LoadFailuresAsync(CancellationToken cancellationToken)
    {
        foreach (string name in await _store.ListAsync(FailuresPrefix, cancellationToken).ConfigureAwait(false))
        {
            string key = FailuresPrefix + "/" + name;
            byte[]? bytes = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            TaskFailure? failure = bytes is null ? null : TaskFailureCodec.Read(bytes);
            if (failure is not null && _apps.ContainsKey(failure.AppId))
                _lastFailures[failure.AppId] = failure;
            else
                await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    // App ids are lowercase letters, digits, '-' and '.' segments: '_' cannot clash.
    private static string FailureKey(string appId) => FailuresPrefix + "/" + appId.TrimStart('/').Replace('/', '_');

    /// <summary>The app's last task failure, or null.</summary>
    internal TaskFailure? LastFailureOf(string appId) => _lastFailures.GetValueOrDefault(appId);
}
