using System.Diagnostics;
using System.Globalization;
using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Everything about a task that one app version fixes, computed once per version and service-port
/// assignment instead of once per task: the task name, the command, the app's own environment and
/// Marathon's <c>MARATHON_APP_*</c> variables, and the names each host port is published under
/// (specs/marathon.md §2 "Task env"). <see cref="Task"/> then adds only what differs per task —
/// the task id, the agent, the host ports and their resources. Immutable; the lists it hands to
/// tasks are shared by all of them and never mutated.
/// <para>Invariant: a variable of the app's <c>env</c> wins over Marathon's of the same name.</para>
/// </summary>
internal sealed class LaunchTemplate
{
    private readonly AppDefinition _app;
    private readonly string _taskName;

    /// <summary>The app's env, then Marathon's per-version variables the app does not override.</summary>
    private readonly EnvironmentVariable[] _fixedEnvironment;

    /// <summary>Per port definition: the variables its host port is published under (PORT0, PORT_80, PORT_HTTP), overridden names removed.</summary>
    private readonly string[][] _portVariables;

    private readonly string? _firstPortVariable;
    private readonly string? _allPortsVariable;
    private readonly bool _hostVariable;
    private readonly bool _taskIdVariable;
    private readonly IReadOnlyList<CommandUri> _uris;
    private readonly KillPolicy? _killPolicy;

    /// <summary>True when the app has a Mesos-level check (run by the agent; it names a host port, so it is built per task).</summary>
    private readonly bool _mesosHealthCheck;

    public LaunchTemplate(AppDefinition app, IReadOnlyList<int> servicePorts)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(servicePorts);
        _app = app;
        _taskName = AppLaunch.TaskName(app.Id);

        var labels = new List<KeyValuePair<string, string>>(app.Labels.Count);
        foreach (KeyValuePair<string, string> label in app.Labels)
            labels.Add(label);
        var marathon = new Dictionary<string, string>(StringComparer.Ordinal);
        TaskEnvironmentBuilder.AddAppVariables(marathon, new TaskEnvironment
        {
            AppId = app.Id.ToString(),
            Version = app.Version is { } version ? Http.Timestamps.Format(version) : "",
            TaskId = "",
            Host = "",
            DockerImage = app.Container?.Docker?.Image,
            Cpus = app.Cpus,
            Mem = app.Mem,
            Disk = app.Disk,
            Gpus = app.Gpus,
            Labels = labels,
        });
        var fixedEnvironment = new List<EnvironmentVariable>(app.Env.Count + marathon.Count);
        foreach (KeyValuePair<string, EnvValue> variable in app.Env)
        {
            if (variable.Value.Value is { } value)
                fixedEnvironment.Add(new EnvironmentVariable(variable.Key, value));
        }
        foreach (KeyValuePair<string, string> variable in marathon)
        {
            if (Free(variable.Key))
                fixedEnvironment.Add(new EnvironmentVariable(variable.Key, variable.Value));
        }
        _fixedEnvironment = [.. fixedEnvironment];

        // Host ports exist only with host networking (the matcher assigns one per port definition).
        int portCount = app.IsHostNetworking ? app.PortDefinitions.Count : 0;
        _portVariables = new string[portCount][];
        for (int i = 0; i < portCount; i++)
        {
            int declared = i < servicePorts.Count ? servicePorts[i] : app.PortDefinitions[i].Port;
            string[] names = TaskEnvironmentBuilder.PortVariableNames(i, declared, app.PortDefinitions[i].Name, prefix: null);
            _portVariables[i] = Array.FindAll(names, Free);
        }
        _firstPortVariable = portCount > 0 && Free("PORT") ? "PORT" : null;
        _allPortsVariable = portCount > 0 && Free("PORTS") ? "PORTS" : null;
        _hostVariable = Free("HOST");
        _taskIdVariable = Free("MESOS_TASK_ID");

        var uris = new List<CommandUri>(app.Fetch.Count);
        foreach (FetchUri fetch in app.Fetch)
            uris.Add(new CommandUri(fetch.Uri, Executable: fetch.Executable, Extract: fetch.Extract, Cache: fetch.Cache));
        _uris = uris;
        _mesosHealthCheck = MesosHealthChecks.IndexOf(app) >= 0;
        _killPolicy = app.TaskKillGracePeriodSeconds is { } grace ? KillPolicy.FromGracePeriod(TimeSpan.FromSeconds(grace)) : null;
    }

    /// <summary>The app definition this template was built from.</summary>
    public AppDefinition App => _app;

    /// <summary>The <paramref name="index"/>-th task <paramref name="match"/> placed on <paramref name="offer"/>, for <paramref name="instance"/>'s current incarnation.</summary>
    public TaskInfo Task(Instance instance, in Offer offer, OfferMatch match, int index)
    {
        int ports = Math.Min(match.PortsPerInstance, _portVariables.Length);
        string taskId = instance.TaskId;   // built per call: once for the variable and the task
        var own = new EnvironmentVariable[OwnVariables(ports)];
        int next = 0;
        if (_app.Version is null)
            own[next++] = new EnvironmentVariable("MARATHON_APP_VERSION", Http.Timestamps.Format(instance.AppVersion));
        next = AddPorts(own, next, match, index, ports);
        if (_hostVariable)
            own[next++] = new EnvironmentVariable("HOST", offer.Hostname);
        if (_taskIdVariable)
            own[next++] = new EnvironmentVariable("MESOS_TASK_ID", taskId);
        Debug.Assert(next == own.Length, "OwnVariables counts what Task adds");
        var environment = new LaunchEnvironment(_fixedEnvironment, own);

        bool shell = _app.Cmd is not null;
        return new TaskInfo
        {
            Name = _taskName,
            TaskId = new TaskId(taskId),
            AgentId = offer.AgentId,
            Resources = match.BuildResources(index),
            HealthCheck = _mesosHealthCheck ? MesosHealthChecks.ForTask(_app, HostPorts(match, index)) : null,
            Command = new CommandInfo
            {
                Value = shell ? _app.Cmd : _app.Args is { Count: > 0 } args ? args[0] : null,
                Shell = shell,
                Arguments = shell ? [] : _app.Args ?? [],
                Environment = environment,
                Uris = _uris,
                User = _app.User,
            },
            KillPolicy = _killPolicy,
        };
    }

    private static ulong[] HostPorts(OfferMatch match, int index)
    {
        var ports = new ulong[match.PortsPerInstance];
        match.CopyHostPorts(index, ports);
        return ports;
    }

    /// <summary>How many variables <see cref="Task"/> adds to the fixed ones for a task with <paramref name="ports"/> host ports.</summary>
    private int OwnVariables(int ports)
    {
        int count = _app.Version is null ? 1 : 0;
        for (int i = 0; i < ports; i++)
            count += _portVariables[i].Length;
        if (ports > 0)
            count += (_firstPortVariable is null ? 0 : 1) + (_allPortsVariable is null ? 0 : 1);
        return count + (_hostVariable ? 1 : 0) + (_taskIdVariable ? 1 : 0);
    }

    private int AddPorts(EnvironmentVariable[] environment, int next, OfferMatch match, int index, int ports)
    {
        if (ports == 0)
            return next;
        string? all = null;
        string? first = null;
        for (int i = 0; i < ports; i++)
        {
            string port = match.HostPort(index, i).ToString(CultureInfo.InvariantCulture);
            first ??= port;
            all = all is null ? port : all + "," + port;
            foreach (string variable in _portVariables[i])
                environment[next++] = new EnvironmentVariable(variable, port);
        }
        if (_firstPortVariable is not null)
            environment[next++] = new EnvironmentVariable(_firstPortVariable, first!);
        if (_allPortsVariable is not null)
            environment[next++] = new EnvironmentVariable(_allPortsVariable, all!);
        return next;
    }

    /// <summary>True when the app's own env does not set <paramref name="name"/> (Marathon's variable of that name is then given).</summary>
    private bool Free(string name) => !_app.Env.ContainsKey(name);
}
