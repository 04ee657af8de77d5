namespace FastMesos.Apps.Deployments;

/// <summary>
/// Computes the target of a rollback (specs/marathon.md §5.6): the reverse of one plan's app changes
/// applied onto the <em>current</em> apps, so concurrent deployments of other apps are kept.
/// Per app id of original ∪ target whose definition differs: an app the plan added is removed, an app
/// it removed or changed gets its original definition back. Apps are locked by their deployment, so
/// the current definition of a reverted app is the plan's target one and may be overwritten.
/// Groups and their dependencies are the model's business.
/// </summary>
public static class DeploymentPlanReverter
{
    /// <summary>
    /// Reverts the changes from <paramref name="original"/> to <paramref name="target"/> on
    /// <paramref name="current"/>; <paramref name="comparer"/> decides which apps changed.
    /// </summary>
    /// <typeparam name="TApp">The app definition type (the model's, or <see cref="PlanApp"/>).</typeparam>
    /// <returns>The apps of the rollback's target, keyed by id.</returns>
    public static Dictionary<string, TApp> Revert<TApp>(IReadOnlyDictionary<string, TApp> original, IReadOnlyDictionary<string, TApp> target,
        IReadOnlyDictionary<string, TApp> current, IEqualityComparer<TApp>? comparer = null)
    {
        comparer ??= EqualityComparer<TApp>.Default;
        var result = new Dictionary<string, TApp>(current.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, TApp> app in current)
            result[app.Key] = app.Value;

        // Removed or changed by the plan: back to the original definition.
        foreach (KeyValuePair<string, TApp> old in original)
        {
            if (!target.TryGetValue(old.Key, out TApp? now) || !comparer.Equals(old.Value, now))
                result[old.Key] = old.Value;
        }
        // Added by the plan: removed again.
        foreach (KeyValuePair<string, TApp> added in target)
        {
            if (!original.ContainsKey(added.Key))
                result.Remove(added.Key);
        }
        return result;
    }

    /// <summary>
    /// Reverts <paramref name="plan"/> on the <paramref name="current"/> apps, in the plan's narrow view:
    /// an app counts as changed when its instances differ or it needed a restart. A restored app whose
    /// change needed a restart keeps <see cref="PlanApp.NeedsRestart"/>, so planning the rollback from
    /// <paramref name="current"/> restarts it back to the original configuration.
    /// </summary>
    /// <returns>The rollback's target apps: current order, then restored apps in original order.</returns>
    public static IReadOnlyList<PlanApp> Revert(DeploymentPlan plan, IReadOnlyList<PlanApp> current)
    {
        Dictionary<string, PlanApp> targetById = DeploymentPlanner.ById(plan.Target);
        Dictionary<string, PlanApp> reverted = Revert(DeploymentPlanner.ById(plan.Original), targetById, DeploymentPlanner.ById(current),
            PlanChangeComparer.Instance);
        var result = new List<PlanApp>(reverted.Count);
        foreach (PlanApp app in current)
        {
            if (reverted.Remove(app.Id, out PlanApp? kept))
                result.Add(RestartIfTargetRestarted(targetById, kept));
        }
        foreach (PlanApp app in plan.Original)
        {
            if (reverted.Remove(app.Id, out PlanApp? restored))
                result.Add(RestartIfTargetRestarted(targetById, restored));
        }
        return result;
    }

    // A restored app differs from the plan's target; if reaching that target needed a restart, so
    // does going back.
    static PlanApp RestartIfTargetRestarted(Dictionary<string, PlanApp> targetById, PlanApp app) =>
        targetById.TryGetValue(app.Id, out PlanApp? target) && target.NeedsRestart && !ReferenceEquals(target, app)
            ? app with { NeedsRestart = true }
            : app;

    /// <summary>"Unchanged" in the plan's view: same instances and no restart asked of the target.</summary>
    sealed class PlanChangeComparer : IEqualityComparer<PlanApp>
    {
        internal static readonly PlanChangeComparer Instance = new();

        public bool Equals(PlanApp? original, PlanApp? target) =>
            original is not null && target is not null && original.Instances == target.Instances && !target.NeedsRestart;

        public int GetHashCode(PlanApp app) => StringComparer.Ordinal.GetHashCode(app.Id);
    }
}
