using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Cli;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// From an app definition to what the master needs: the matcher's <see cref="LaunchRequirements"/>
/// and, for a matched offer, the Mesos <see cref="TaskInfo"/> with Marathon's task environment
/// (specs/marathon.md §2 "Task env").
/// </summary>
internal static class AppLaunch
{
    public static LaunchRequirements Requirements(AppDefinition app, MarathonOptions options)
    {
        var constraints = new CompiledConstraint[app.Constraints.Count];
        for (int i = 0; i < constraints.Length; i++)
            constraints[i] = new CompiledConstraint(app.Constraints[i]);
        var ports = new ulong[app.IsHostNetworking ? app.PortDefinitions.Count : 0];
        for (int i = 0; i < ports.Length; i++)
            ports[i] = app.RequirePorts ? (ulong)app.PortDefinitions[i].Port : 0;
        return new LaunchRequirements
        {
            Cpus = Scalar.FromDouble(app.Cpus),
            Mem = Scalar.FromDouble(app.Mem),
            Disk = Scalar.FromDouble(app.Disk),
            Gpus = Scalar.FromDouble(app.Gpus),
            HostPorts = ports,
            Role = app.Role ?? options.MesosRole,
            AcceptedResourceRoles = app.AcceptedResourceRoles,
            Constraints = constraints,
            MaxInstancesPerOffer = options.MaxInstancesPerOffer,
        };
    }

    /// <summary>Marathon's task name: the app path reversed and dotted (<c>/prod/web</c> → <c>web.prod</c>), as Mesos-DNS expects.</summary>
    public static string TaskName(PathId id)
    {
        IReadOnlyList<string> segments = id.Segments;
        var parts = new string[segments.Count];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = segments[segments.Count - 1 - i];
        return string.Join('.', parts);
    }

    public static TaskInfo Task(AppDefinition app, Instance instance, in Offer offer, OfferMatch match, int index, IReadOnlyList<int> servicePorts)
    {
        var hostPorts = new ulong[match.PortsPerInstance];
        match.CopyHostPorts(index, hostPorts);
        var names = new string?[app.PortDefinitions.Count];
        var declared = new int[app.PortDefinitions.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = app.PortDefinitions[i].Name;
            declared[i] = i < servicePorts.Count ? servicePorts[i] : app.PortDefinitions[i].Port;
        }

        var labels = new List<KeyValuePair<string, string>>(app.Labels.Count);
        foreach (KeyValuePair<string, string> label in app.Labels)
            labels.Add(label);
        Dictionary<string, string> marathonEnv = TaskEnvironmentBuilder.Build(new TaskEnvironment
        {
            AppId = app.Id.ToString(),
            Version = Http.Timestamps.Format(app.Version ?? instance.AppVersion),
            TaskId = instance.TaskId,
            Host = offer.Hostname,
            DockerImage = app.Container?.Docker?.Image,
            Cpus = app.Cpus,
            Mem = app.Mem,
            Disk = app.Disk,
            Gpus = app.Gpus,
            Labels = labels,
            HostPorts = hostPorts,
            DeclaredPorts = declared,
            PortNames = names,
        });

        var environment = new List<EnvironmentVariable>(app.Env.Count + marathonEnv.Count);
        foreach (KeyValuePair<string, EnvValue> variable in app.Env)
        {
            if (variable.Value.Value is { } value)
                environment.Add(new EnvironmentVariable(variable.Key, value));
        }
        foreach (KeyValuePair<string, string> variable in marathonEnv)
        {
            if (!app.Env.ContainsKey(variable.Key))
                environment.Add(new EnvironmentVariable(variable.Key, variable.Value));
        }

        var uris = new List<CommandUri>(app.Fetch.Count);
        foreach (FetchUri fetch in app.Fetch)
            uris.Add(new CommandUri(fetch.Uri, Executable: fetch.Executable, Extract: fetch.Extract, Cache: fetch.Cache));

        bool shell = app.Cmd is not null;
        var command = new CommandInfo
        {
            Value = shell ? app.Cmd : app.Args is { Count: > 0 } args ? args[0] : null,
            Shell = shell,
            Arguments = shell ? [] : app.Args ?? [],
            Environment = environment,
            Uris = uris,
            User = app.User,
        };

        return new TaskInfo
        {
            Name = TaskName(app.Id),
            TaskId = new TaskId(instance.TaskId),
            AgentId = offer.AgentId,
            Resources = match.BuildResources(index),
            Command = command,
            HealthCheck = MesosHealthChecks.ForTask(app, hostPorts),
            KillPolicy = app.TaskKillGracePeriodSeconds is { } grace ? KillPolicy.FromGracePeriod(TimeSpan.FromSeconds(grace)) : null,
        };
    }
}
