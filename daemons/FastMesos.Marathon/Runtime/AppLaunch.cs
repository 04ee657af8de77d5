using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Cli;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// From an app definition to what the master needs: the matcher's <see cref="LaunchRequirements"/>
/// and the task name; <see cref="LaunchTemplate"/> builds the tasks themselves.
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
}
