namespace FastMesos.Apps.Deployments;

/// <summary>
/// A deployment: the steps that move the cluster from <see cref="Original"/> to <see cref="Target"/>.
/// Built by <see cref="DeploymentPlanner"/>; immutable.
/// </summary>
public sealed class DeploymentPlan
{
    readonly HashSet<string> _affected;

    internal DeploymentPlan(string id, DateTimeOffset version, IReadOnlyList<PlanApp> original, IReadOnlyList<PlanApp> target,
        IReadOnlyList<DeploymentStep> steps)
    {
        Id = id;
        Version = version;
        Original = original;
        Target = target;
        Steps = steps;
        // Affected apps in first-appearance order: the order /v2/deployments lists them in.
        var affected = new List<string>();
        _affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (DeploymentStep step in steps)
        {
            foreach (DeploymentAction action in step.Actions)
            {
                if (_affected.Add(action.AppId))
                    affected.Add(action.AppId);
            }
        }
        AffectedApps = affected;
    }

    /// <summary>The deployment id (chosen by the caller, a UUID in Marathon).</summary>
    public string Id { get; }

    /// <summary>The target root group's version.</summary>
    public DateTimeOffset Version { get; }

    /// <summary>
    /// The original apps the plan depends on: those its actions touch and the apps they depend on in
    /// the target. Planning <see cref="Original"/> to <see cref="Target"/> again gives the same steps,
    /// and reverting the plan needs no other app (an app absent here is unchanged by it).
    /// </summary>
    public IReadOnlyList<PlanApp> Original { get; }

    /// <summary>The target apps the plan depends on, as <see cref="Original"/>.</summary>
    public IReadOnlyList<PlanApp> Target { get; }

    /// <summary>The steps, none of them empty.</summary>
    public IReadOnlyList<DeploymentStep> Steps { get; }

    /// <summary>Ids of every app some action touches (<c>affectedApps</c>).</summary>
    public IReadOnlyList<string> AffectedApps { get; }

    /// <summary>True when the plan has nothing to do.</summary>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>Whether an action of this plan touches <paramref name="appId"/> (the app is locked by it).</summary>
    public bool Affects(string appId) => _affected.Contains(appId);

    /// <summary>
    /// Whether the two plans touch a common app: such a plan may not start while the other runs
    /// (409 "locked" unless forced); disjoint plans run concurrently.
    /// </summary>
    public bool ConflictsWith(DeploymentPlan other)
    {
        // By index: a POST checks every running deployment, and a foreach over the interface boxed an enumerator for each.
        IReadOnlyList<string> ids = other.AffectedApps;
        for (int i = 0; i < ids.Count; i++)
        {
            if (_affected.Contains(ids[i]))
                return true;
        }
        return false;
    }
}
