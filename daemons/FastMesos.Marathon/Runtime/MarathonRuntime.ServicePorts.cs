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
    // Apps whose ports the running call changed, with what they held before (null: nothing); in order.
    private readonly List<(string AppId, int[]? Previous)> _portsChanged = [];

    /// <summary>Notes the ports <paramref name="appId"/> holds before the running call changes them (first change only).</summary>
    private void RememberServicePorts(string appId)
    {
        foreach ((string id, _) in _portsChanged)
        {
            if (id == appId)
                return;
        }
        IReadOnlyList<int>? held = _servicePorts.PortsOf(appId);
        _portsChanged.Add((appId, held is null ? null : [.. held]));
    }

    /// <summary>The running call's change is stored: its port assignments stay.</summary>
    private void KeepServicePorts() => _portsChanged.Clear();

    /// <summary>Gives back every port the running call assigned, newest change first.</summary>
    private void RestoreServicePorts()
    {
        for (int i = _portsChanged.Count - 1; i >= 0; i--)
        {
            (string appId, int[]? previous) = _portsChanged[i];
            if (previous is null)
                _servicePorts.Release(appId);
            else
                _servicePorts.TryAssign(appId, previous, out _, out _, out _);
        }
        _portsChanged.Clear();
    }

    /// <summary>Runs a REST call's work; when it fails, the service ports it assigned are given back.</summary>
    private async Task<T> RestoringPortsOnFailureAsync<T>(Func<MarathonRuntime, Task<T>> work)
    {
        try
        {
            return await work(this).ConfigureAwait(false);
        }
        catch
        {
            RestoreServicePorts();
            throw;
        }
        finally
        {
            // A call that neither stored nor failed (a dry run) restores explicitly; nothing carries over.
            _portsChanged.Clear();
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
