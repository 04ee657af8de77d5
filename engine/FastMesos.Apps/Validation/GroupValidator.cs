using FastMesos.Apps.Json;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Validation;

/// <summary>
/// Group rules: ids, every app (paths <c>/apps(i)/…</c>, <c>/groups(j)/apps(i)/…</c>), nested ids
/// below the posted group, no app and group on the same path, and an acyclic dependency graph
/// once the group is placed into the root.
/// </summary>
public static class GroupValidator
{
    public const string CyclicDependencies = "Dependency graph has cyclic dependencies.";
    public const string AppGroupClash = "Groups and Applications may not have the same identifier.";

    public static string NotChildOf(PathId child, PathId parent) =>
        $"identifier {child} is not child of {parent}. Hint: use relative paths.";

    /// <summary>Validates a read group body, then the root it would produce.</summary>
    public static ValidationResult Validate(GroupReadResult read, RootGroup current, AppValidationContext? context = null)
    {
        var errors = new ErrorCollector();
        errors.AddAll(read.ValidationErrors);
        if (read.Group is not null)
        {
            Collect(read.Group, context ?? AppValidationContext.Default, errors, "");
            if (errors.IsEmpty && current.PutGroup(read.Group).HasCyclicDependencies())
                errors.Add("/", CyclicDependencies);
        }
        return errors.ToResult();
    }

    /// <summary>Validates a whole root (e.g. after an app change): its groups, apps and dependency graph.</summary>
    public static ValidationResult Validate(RootGroup root, AppValidationContext? context = null) => Validate(root, changedApps: null, context);

    /// <summary>
    /// <see cref="Validate(RootGroup, AppValidationContext?)"/>, running the per-app rules only for the
    /// definitions in <paramref name="changedApps"/> (compared by reference; null: every app). The
    /// caller passes the apps a change of a valid root made (<see cref="AppChanges.After"/>): an app
    /// carried over unchanged is still valid, so a change of one app costs one app's rules, not every
    /// app's. Group structure and the dependency graph are still checked whole.
    /// </summary>
    public static ValidationResult Validate(RootGroup root, IReadOnlySet<AppDefinition>? changedApps, AppValidationContext? context = null)
    {
        var errors = new ErrorCollector();
        Collect(root.Group, context ?? AppValidationContext.Default, errors, "", changedApps);
        if (root.HasCyclicDependencies())
            errors.Add("/", CyclicDependencies);
        return errors.ToResult();
    }

    public static void Collect(Group group, AppValidationContext context, ErrorCollector errors, string prefix) =>
        Collect(group, context, errors, prefix, changedApps: null);

    private static void Collect(Group group, AppValidationContext context, ErrorCollector errors, string prefix, IReadOnlySet<AppDefinition>? changedApps)
    {
        foreach (string e in group.Id.Validate(allowRoot: true))
            errors.Add(prefix + "/id", e);
        for (int i = 0; i < group.Apps.Count; i++)
        {
            AppDefinition app = group.Apps[i];
            bool known = changedApps is not null && !changedApps.Contains(app);
            if (known && app.Id.Parent == group.Id)
                continue;
            string p = Rules.Index(prefix + "/apps", i);
            if (app.Id.Parent != group.Id)
                errors.Add(p + "/id", NotChildOf(app.Id, group.Id));
            if (!known)
                AppValidator.Collect(app, context, errors, p);
        }
        var seen = new HashSet<PathId>();
        for (int i = 0; i < group.Groups.Count; i++)
        {
            Group g = group.Groups[i];
            string p = Rules.Index(prefix + "/groups", i);
            if (g.Id.Parent != group.Id)
                errors.Add(p + "/id", NotChildOf(g.Id, group.Id));
            if (!seen.Add(g.Id))
                errors.Add(p + "/id", "Groups must have unique identifiers.");
            Collect(g, context, errors, p, changedApps);
        }
        for (int i = 0; i < group.Dependencies.Count; i++)
        {
            foreach (string e in group.Dependencies[i].Validate())
                errors.Add(Rules.Index(prefix + "/dependencies", i), e);
        }
        foreach (AppDefinition a in group.Apps)
        {
            if (group.DirectGroup(a.Id) is not null)
            {
                errors.Add(Rules.Whole(prefix), AppGroupClash);
                break;
            }
        }
    }
}
