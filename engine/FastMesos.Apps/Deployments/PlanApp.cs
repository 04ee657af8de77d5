namespace FastMesos.Apps.Deployments;

/// <summary>
/// What the planner needs to know about one app of a root group: the narrow view the model maps
/// its <c>AppDefinition</c> onto. Ids are absolute (<c>/g/db</c>).
/// </summary>
/// <param name="Id">The app's absolute id.</param>
/// <param name="Instances">The app's <c>instances</c>.</param>
/// <param name="Dependencies">
/// Absolute ids of the apps it depends on (deploy-time ordering only). A dependency on a group is
/// expanded by the caller into that group's apps, as Marathon's dependency graph does.
/// </param>
/// <param name="NeedsRestart">
/// Meaningful on a target app that also exists in the original: the model found a change in one of
/// the restart fields of specs/marathon.md §5.1 (cmd, env, resources, …) or a restart was requested.
/// Ignored on original apps and on new apps.
/// </param>
public sealed record PlanApp(string Id, int Instances, IReadOnlyList<string> Dependencies, bool NeedsRestart = false)
{
    /// <summary>An app without dependencies that needs no restart.</summary>
    public PlanApp(string id, int instances) : this(id, instances, [], false)
    {
    }
}
