using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Apps.Deployments;

/// <summary>
/// Builds a <see cref="DeploymentPlan"/> from an original and a target set of apps, exactly as
/// specs/marathon.md §5.1:
/// (1) one step stopping every app absent from the target;
/// (2) one step starting every new app (with 0 instances);
/// (3) the affected target apps (new or changed) layered by the length of their longest dependency
///     path in the target, shortest first: per layer one step with ScaleApplication for new apps and
///     instance-only changes, RestartApplication for apps that need a restart.
/// Empty steps are dropped. Removed apps are all stopped in the first step, with no dependency order.
/// </summary>
public static class DeploymentPlanner
{
    /// <summary>The error reported for a dependency cycle (also Marathon's 422 text for it).</summary>
    public const string CyclicDependencies = "Dependency graph has cyclic dependencies.";

    /// <summary>Plans the move from <paramref name="original"/> to <paramref name="target"/>.</summary>
    /// <param name="id">The deployment id.</param>
    /// <param name="version">The target's version.</param>
    /// <param name="original">The current apps (ids unique).</param>
    /// <param name="target">The wanted apps (ids unique).</param>
    /// <param name="toKill">Instances to kill per app id, carried on that app's ScaleApplication.</param>
    /// <param name="plan">The plan, when no error.</param>
    /// <param name="error"><see cref="CyclicDependencies"/> when the target's dependencies have a cycle.</param>
    public static bool TryPlan(string id, DateTimeOffset version, IReadOnlyList<PlanApp> original, IReadOnlyList<PlanApp> target,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill,
        [NotNullWhen(true)] out DeploymentPlan? plan, [NotNullWhen(false)] out string? error)
    {
        Dictionary<string, PlanApp> originalById = ById(original);
        Dictionary<string, PlanApp> targetById = ById(target);
        var steps = new List<DeploymentStep>();

        var stop = new List<DeploymentAction>();
        foreach (PlanApp app in original)
        {
            if (!targetById.ContainsKey(app.Id))
                stop.Add(new DeploymentAction(DeploymentActionKind.StopApplication, app.Id, 0, []));
        }
        AddIfAny(steps, stop);

        var start = new List<DeploymentAction>();
        foreach (PlanApp app in target)
        {
            if (!originalById.ContainsKey(app.Id))
                start.Add(new DeploymentAction(DeploymentActionKind.StartApplication, app.Id, 0, []));
        }
        AddIfAny(steps, start);

        // Layer → actions; the key is the number of apps on the longest dependency path from the app
        // (1 = no dependencies in the target), so a dependency always sits in an earlier layer.
        var layers = new SortedDictionary<int, List<DeploymentAction>>();
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (PlanApp app in target)
        {
            DeploymentAction? action = ActionFor(app, originalById, toKill);
            if (action is null)
                continue;
            int layer = LongestPath(app, targetById, depth, 0);
            if (layer < 0)
            {
                plan = null;
                error = CyclicDependencies;
                return false;
            }
            if (!layers.TryGetValue(layer, out List<DeploymentAction>? actions))
                layers.Add(layer, actions = []);
            actions.Add(action);
        }
        foreach (List<DeploymentAction> actions in layers.Values)
            steps.Add(new DeploymentStep(actions));

        HashSet<string> relevant = RelevantApps(steps, targetById);
        plan = new DeploymentPlan(id, version, Only(original, relevant), Only(target, relevant), steps);
        error = null;
        return true;
    }

    /// <summary>As <see cref="TryPlan"/>, throwing <see cref="InvalidOperationException"/> on a cycle.</summary>
    public static DeploymentPlan Plan(string id, DateTimeOffset version, IReadOnlyList<PlanApp> original, IReadOnlyList<PlanApp> target,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill = null)
    {
        if (!TryPlan(id, version, original, target, toKill, out DeploymentPlan? plan, out string? error))
            DeploymentThrowHelper.ThrowInvalidOperation(error);
        return plan!;
    }

    static DeploymentAction? ActionFor(PlanApp app, Dictionary<string, PlanApp> originalById,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill)
    {
        if (!originalById.TryGetValue(app.Id, out PlanApp? old))
            return new DeploymentAction(DeploymentActionKind.ScaleApplication, app.Id, app.Instances, []);
        if (app.NeedsRestart)
            return new DeploymentAction(DeploymentActionKind.RestartApplication, app.Id, app.Instances, []);
        if (old.Instances != app.Instances)
        {
            IReadOnlyList<string> kill = toKill is not null && toKill.TryGetValue(app.Id, out IReadOnlyList<string>? k) ? k : [];
            return new DeploymentAction(DeploymentActionKind.ScaleApplication, app.Id, app.Instances, kill);
        }
        return null;
    }

    /// <summary>
    /// Number of apps on the longest dependency path starting at <paramref name="app"/>, memoized in
    /// <paramref name="depth"/>; -1 on a cycle. Dependencies absent from the target are ignored.
    /// A value of 0 in <paramref name="depth"/> marks an app on the current path (a back edge = cycle).
    /// </summary>
    static int LongestPath(PlanApp app, Dictionary<string, PlanApp> targetById, Dictionary<string, int> depth, int level)
    {
        if (depth.TryGetValue(app.Id, out int known))
            return known == 0 ? -1 : known;
        // The recursion is bounded by the number of apps: each app is entered once.
        if (level > targetById.Count)
            return -1;
        depth[app.Id] = 0;
        int longest = 0;
        foreach (string dependency in app.Dependencies)
        {
            if (!targetById.TryGetValue(dependency, out PlanApp? dep))
                continue;
            int d = LongestPath(dep, targetById, depth, level + 1);
            if (d < 0)
                return -1;
            if (d > longest)
                longest = d;
        }
        depth[app.Id] = longest + 1;
        return longest + 1;
    }

    /// <summary>
    /// The apps a plan's inputs must keep for planning them again to give the same steps: every app an
    /// action touches, plus the target apps those reach through dependencies (the layering measures
    /// dependency paths, which may pass through untouched apps). Any other app is unchanged and
    /// unreachable, so it adds no action and moves no layer; dropping it from both lists keeps a
    /// one-app deployment's stored inputs one app long in a tree of thousands.
    /// </summary>
    static HashSet<string> RelevantApps(List<DeploymentStep> steps, Dictionary<string, PlanApp> targetById)
    {
        var relevant = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        foreach (DeploymentStep step in steps)
        {
            foreach (DeploymentAction action in step.Actions)
            {
                if (relevant.Add(action.AppId))
                    pending.Push(action.AppId);
            }
        }
        while (pending.TryPop(out string? appId))
        {
            if (!targetById.TryGetValue(appId, out PlanApp? app))
                continue;
            foreach (string dependency in app.Dependencies)
            {
                if (targetById.ContainsKey(dependency) && relevant.Add(dependency))
                    pending.Push(dependency);
            }
        }
        return relevant;
    }

    /// <summary>The apps of <paramref name="apps"/> named in <paramref name="ids"/>, in their order.</summary>
    static IReadOnlyList<PlanApp> Only(IReadOnlyList<PlanApp> apps, HashSet<string> ids)
    {
        if (ids.Count >= apps.Count)
        {
            bool all = true;
            foreach (PlanApp app in apps)
                all &= ids.Contains(app.Id);
            if (all)
                return apps;
        }
        var kept = new List<PlanApp>(Math.Min(ids.Count, apps.Count));
        foreach (PlanApp app in apps)
        {
            if (ids.Contains(app.Id))
                kept.Add(app);
        }
        return kept;
    }

    internal static Dictionary<string, PlanApp> ById(IReadOnlyList<PlanApp> apps)
    {
        var byId = new Dictionary<string, PlanApp>(apps.Count, StringComparer.Ordinal);
        foreach (PlanApp app in apps)
            byId[app.Id] = app;
        return byId;
    }

    static void AddIfAny(List<DeploymentStep> steps, List<DeploymentAction> actions)
    {
        if (actions.Count > 0)
            steps.Add(new DeploymentStep(actions));
    }
}
