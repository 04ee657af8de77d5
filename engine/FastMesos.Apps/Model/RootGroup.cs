namespace FastMesos.Apps.Model;

/// <summary>
/// The whole tree under <c>/</c> plus the questions that need all of it: which apps an app
/// depends on (its own dependencies and its groups', each naming an app or every app of a group)
/// and whether that graph has a cycle.
/// </summary>
public sealed class RootGroup
{
    public static readonly RootGroup Empty = new(Group.Empty(PathId.Root));

    public RootGroup(Group group)
    {
        if (!group.Id.IsRoot)
            throw new ArgumentException("the root group's id is /", nameof(group));
        Group = group;
    }

    public Group Group { get; }

    /// <summary>Whether any app or group of the tree declares a dependency (computed once: the tree is immutable).</summary>
    public bool HasDependencies => _hasDependencies ??= DeclaresDependencies(Group);

    private bool? _hasDependencies;

    public DateTimeOffset? Version => Group.Version;

    public AppDefinition? App(PathId id) => Group.App(id);

    public Group? FindGroup(PathId id) => Group.FindGroup(id);

    public RootGroup PutApp(AppDefinition app) => new(Group.PutApp(app));

    public RootGroup RemoveApp(PathId id) => new(Group.RemoveApp(id));

    public RootGroup PutGroup(Group group) => new(Group.PutGroup(group));

    public RootGroup RemoveGroup(PathId id) => new(id.IsRoot ? Group.Empty(PathId.Root) : Group.RemoveGroup(id));

    public RootGroup WithVersion(DateTimeOffset version) => new(Group with { Version = version });

    public IReadOnlyList<AppDefinition> TransitiveApps() => _apps ??= Group.TransitiveApps();

    // Computed once, the tree being immutable: applying a POST read it twice, a new list of every
    // app each time (a thousand apps, a thousand POSTs), and listings and metrics read it again. Two
    // threads racing to fill it compute the same list; either may stay.
    private IReadOnlyList<AppDefinition>? _apps;

    /// <summary>
    /// The apps <paramref name="app"/> must wait for: each id in its dependencies and in those of
    /// its enclosing groups names an app, or a group standing for all its transitive apps.
    /// Unknown ids are skipped (Marathon does the same).
    /// </summary>
    public IReadOnlyList<AppDefinition> DependenciesOf(AppDefinition app)
    {
        if (!HasDependencies)
            return [];
        // Most apps depend on nothing: the list and set are made only when a dependency is found.
        List<AppDefinition>? result = null;
        HashSet<PathId>? seen = null;
        AddTargets(app.Dependencies, app.Id, ref result, ref seen);
        PathId g = app.Id.Parent;
        while (true)
        {
            if (Group.FindGroup(g) is { } group)
                AddTargets(group.Dependencies, app.Id, ref result, ref seen);
            if (g.IsRoot)
                break;
            g = g.Parent;
        }
        return (IReadOnlyList<AppDefinition>?)result ?? [];
    }

    /// <summary>True when the app dependency graph has a cycle (Marathon: "Dependency graph has cyclic dependencies.").</summary>
    public bool HasCyclicDependencies()
    {
        // Most trees declare no dependency at all (checked on every change): no edge, no cycle.
        if (!HasDependencies)
            return false;
        IReadOnlyList<AppDefinition> apps = TransitiveApps();
        var state = new Dictionary<PathId, byte>(apps.Count); // 1 = on the stack, 2 = done
        var stack = new Stack<(AppDefinition App, IReadOnlyList<AppDefinition> Deps, int Next)>();
        foreach (AppDefinition a in apps)
        {
            if (!state.ContainsKey(a.Id) && Cycle(a, state, stack))
                return true;
        }
        return false;
    }

    private static bool DeclaresDependencies(Group group)
    {
        if (group.Dependencies.Count > 0)
            return true;
        foreach (AppDefinition app in group.Apps)
        {
            if (app.Dependencies.Count > 0)
                return true;
        }
        foreach (Group child in group.Groups)
        {
            if (DeclaresDependencies(child))
                return true;
        }
        return false;
    }

    // Iterative DFS (deep dependency chains must not overflow the stack); one stack serves every start, cleared here.
    private bool Cycle(AppDefinition start, Dictionary<PathId, byte> state, Stack<(AppDefinition App, IReadOnlyList<AppDefinition> Deps, int Next)> stack)
    {
        stack.Clear();
        state[start.Id] = 1;
        stack.Push((start, DependenciesOf(start), 0));
        while (stack.Count > 0)
        {
            (AppDefinition app, IReadOnlyList<AppDefinition> deps, int next) = stack.Pop();
            if (next == deps.Count)
            {
                state[app.Id] = 2;
                continue;
            }
            stack.Push((app, deps, next + 1));
            AppDefinition dep = deps[next];
            if (!state.TryGetValue(dep.Id, out byte s))
            {
                state[dep.Id] = 1;
                stack.Push((dep, DependenciesOf(dep), 0));
            }
            else if (s == 1)
            {
                return true;
            }
        }
        return false;
    }

    private void AddTargets(IReadOnlyList<PathId> ids, PathId self, ref List<AppDefinition>? into, ref HashSet<PathId>? seen)
    {
        foreach (PathId id in ids)
        {
            if (Group.App(id) is { } target)
            {
                if (target.Id != self && (seen ??= []).Add(target.Id))
                    (into ??= []).Add(target);
            }
            else if (Group.FindGroup(id) is { } group)
            {
                foreach (AppDefinition a in group.TransitiveApps())
                {
                    // A group's dependency on a group containing the app itself is not a self-edge.
                    if (a.Id != self && (seen ??= []).Add(a.Id))
                        (into ??= []).Add(a);
                }
            }
        }
    }
}
