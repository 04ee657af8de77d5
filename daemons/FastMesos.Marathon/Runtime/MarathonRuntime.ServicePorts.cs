using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Service ports of refused changes are given back: a REST call assigns ports while it builds its
/// target (<see cref="WithServicePorts"/>) and may then be refused (422, 409, 403) or be a dry run.
/// Invariant: after every call on the loop, the allocator holds exactly the ports of the stored
/// tree — each port assignment of a call is undone unless the call's deployment was stored.
/// </summary>
public sealed partial class MarathonRuntime
{
    // Apps whose ports the running calls changed, with what they held before (null: nothing); in
    // order. One call's changes, unless a deploy batch is planning: then each call of the batch has
    // its segment, the running call's from _portsMark to the end.
    private readonly List<(string AppId, int[]? Previous)> _portsChanged = [];
    private int _portsMark;

    /// <summary>Notes the ports <paramref name="appId"/> holds before the running call changes them (its first change only).</summary>
    private void RememberServicePorts(string appId)
    {
        for (int i = _portsMark; i < _portsChanged.Count; i++)
        {
            if (_portsChanged[i].AppId == appId)
                return;
        }
        IReadOnlyList<int>? held = _servicePorts.PortsOf(appId);
        _portsChanged.Add((appId, held is null ? null : [.. held]));
    }

    /// <summary>
    /// The running call's change is stored: its port assignments stay (in a deploy batch, those of
    /// every call before it too: they were stored in the same write).
    /// </summary>
    private void KeepServicePorts() => _portsChanged.Clear();

    /// <summary>Gives back every port assigned since the change at <paramref name="from"/>, newest change first.</summary>
    private void RestoreServicePorts(int from)
    {
        for (int i = _portsChanged.Count - 1; i >= from; i--)
        {
            (string appId, int[]? previous) = _portsChanged[i];
            if (previous is null)
                _servicePorts.Release(appId);
            else
                _servicePorts.TryAssign(appId, previous, out _, out _, out _);
            _portsChanged.RemoveAt(i);
        }
    }

    /// <summary>
    /// Runs a REST call's work; when it fails, the service ports it assigned are given back. Its
    /// changes are those from <see cref="_portsMark"/> on when it starts (0 but in a deploy batch).
    /// </summary>
    private async Task<T> RestoringPortsOnFailureAsync<T>(Func<MarathonRuntime, Task<T>> work)
    {
        int mark = _portsMark;
        try
        {
            return await work(this).ConfigureAwait(false);
        }
        catch
        {
            RestoreServicePorts(mark);
            throw;
        }
        finally
        {
            // A call that neither stored nor failed (a dry run) restores explicitly; nothing carries
            // over. In a batch a call that drafted a change ends after the write: its changes were
            // kept (cleared) or given back by then.
            if (mark < _portsChanged.Count)
                _portsChanged.RemoveRange(mark, _portsChanged.Count - mark);
        }
    }

    /// <summary>
    /// The app with its service ports assigned (0 → a free port of [--local_port_min,
    /// --local_port_max], unique cluster-wide, an app keeping its ports across updates), as
    /// Marathon stores and returns them; the assignment is undone if the call is refused.
    /// </summary>
    private AppDefinition WithServicePorts(AppDefinition app)
    {
        if (app.PortDefinitions.Count == 0)
            return app;
        var requested = new List<int>(app.PortDefinitions.Count);
        foreach (PortDefinition port in app.PortDefinitions)
            requested.Add(port.Port);
        string id = app.Id.ToString();
        RememberServicePorts(id);
        if (!_servicePorts.TryAssign(id, requested, out int[] ports, out _, out string? error))
            throw new ApiException(422, error ?? "no free service port");
        var definitions = new PortDefinition[ports.Length];
        for (int i = 0; i < ports.Length; i++)
            definitions[i] = app.PortDefinitions[i] with { Port = ports[i] };
        return app with { PortDefinitions = definitions };
    }
}
