namespace FastMesos.Apps.Model;

/// <summary>
/// An immutable group: its apps and subgroups (direct children only, in insertion order), the
/// dependencies every app in it inherits, a version and <c>enforceRole</c>. Every operation
/// returns a new tree sharing the untouched subtrees; lookups walk one level per path segment.
/// Invariant (checked by the validator, not here): every app and subgroup id is a direct child of <see cref="Id"/>.
/// </summary>
public sealed record Group
{
    public PathId Id { get; init; } = PathId.Root;
    public IReadOnlyList<AppDefinition> Apps { get; init => field = ValueList<AppDefinition>.Of(value); } = ValueList<AppDefinition>.Empty;
    public IReadOnlyList<Group> Groups { get; init => field = ValueList<Group>.Of(value); } = ValueList<Group>.Empty;
    public IReadOnlyList<PathId> Dependencies { get; init => field = ValueList<PathId>.Of(value); } = ValueList<PathId>.Empty;
    public DateTimeOffset? Version { get; init; }
    public bool EnforceRole { get; init; }

    public static Group Empty(PathId id) => new() { Id = id };

    /// <summary>The app at <paramref name="id"/> anywhere below this group, or null.</summary>
    public AppDefinition? App(PathId id)
    {
        Group? owner = FindGroup(id.Parent);
        if (owner is null)
            return null;
        foreach (AppDefinition a in owner.Apps)
        {
            if (a.Id == id)
                return a;
        }
        return null;
    }

    /// <summary>The group at <paramref name="id"/> (this one included), or null.</summary>
    public Group? FindGroup(PathId id)
    {
        Group current = this;
        while (current.Id != id)
        {
            if (!id.IsChildOf(current.Id))
                return null;
            Group? next = current.DirectGroup(current.Id.ChildTowards(id));
            if (next is null)
                return null;
            current = next;
        }
        return current;
    }

    /// <summary>Adds or replaces the app, creating missing intermediate groups.</summary>
    public Group PutApp(AppDefinition app)
    {
        RequireBelow(app.Id);
        if (app.Id.Parent == Id)
            return this with { Apps = Replace(Apps, app, a => a.Id == app.Id) };
        return Descend(app.Id, g => g.PutApp(app));
    }

    /// <summary>Removes the app if present (empty groups stay, as in Marathon).</summary>
    public Group RemoveApp(PathId id)
    {
        if (!id.IsChildOf(Id))
            return this;
        if (id.Parent == Id)
            return this with { Apps = Remove(Apps, a => a.Id == id) };
        return DirectGroup(Id.ChildTowards(id)) is null ? this : Descend(id, g => g.RemoveApp(id));
    }

    /// <summary>Adds or replaces the subgroup <paramref name="group"/> (whole subtree), creating intermediates.</summary>
    public Group PutGroup(Group group)
    {
        if (group.Id == Id)
            return group;
        RequireBelow(group.Id);
        if (group.Id.Parent == Id)
            return this with { Groups = Replace(Groups, group, g => g.Id == group.Id) };
        return Descend(group.Id, g => g.PutGroup(group));
    }

    /// <summary>Removes the subgroup and everything in it, if present.</summary>
    public Group RemoveGroup(PathId id)
    {
        if (!id.IsChildOf(Id))
            return this;
        if (id.Parent == Id)
            return this with { Groups = Remove(Groups, g => g.Id == id) };
        return DirectGroup(Id.ChildTowards(id)) is null ? this : Descend(id, g => g.RemoveGroup(id));
    }

    /// <summary>Every app of this group and its subgroups, depth first.</summary>
    public IReadOnlyList<AppDefinition> TransitiveApps()
    {
        var list = new List<AppDefinition>();
        CollectApps(list);
        return list;
    }

    /// <summary>This group and all its subgroups, depth first.</summary>
    public IReadOnlyList<Group> TransitiveGroups()
    {
        var list = new List<Group>();
        CollectGroups(list);
        return list;
    }

    /// <summary><c>{"scaleBy": f}</c>: every transitive app gets <c>ceil(instances * f)</c> instances.</summary>
    public Group ScaleBy(double factor)
    {
        var apps = new AppDefinition[Apps.Count];
        for (int i = 0; i < apps.Length; i++)
            apps[i] = Apps[i] with { Instances = (int)Math.Ceiling(Apps[i].Instances * factor) };
        var groups = new Group[Groups.Count];
        for (int i = 0; i < groups.Length; i++)
            groups[i] = Groups[i].ScaleBy(factor);
        return this with { Apps = apps, Groups = groups };
    }

    /// <summary>True when an app of this tree has the same path as a group of it (rejected by validation).</summary>
    public bool HasAppGroupClash()
    {
        foreach (AppDefinition a in Apps)
        {
            if (DirectGroup(a.Id) is not null)
                return true;
        }
        foreach (Group g in Groups)
        {
            if (g.HasAppGroupClash())
                return true;
        }
        return false;
    }

    internal Group? DirectGroup(PathId id)
    {
        foreach (Group g in Groups)
        {
            if (g.Id == id)
                return g;
        }
        return null;
    }

    private Group Descend(PathId target, Func<Group, Group> change)
    {
        PathId childId = Id.ChildTowards(target);
        Group child = DirectGroup(childId) ?? Empty(childId);
        Group changed = change(child);
        return this with { Groups = Replace(Groups, changed, g => g.Id == childId) };
    }

    private void RequireBelow(PathId id)
    {
        if (!id.IsChildOf(Id))
            throw new ArgumentException($"{id} is not below group {Id}", nameof(id));
    }

    private void CollectApps(List<AppDefinition> into)
    {
        into.AddRange(Apps);
        foreach (Group g in Groups)
            g.CollectApps(into);
    }

    private void CollectGroups(List<Group> into)
    {
        into.Add(this);
        foreach (Group g in Groups)
            g.CollectGroups(into);
    }

    private static T[] Replace<T>(IReadOnlyList<T> items, T item, Func<T, bool> same)
    {
        var result = new List<T>(items.Count + 1);
        bool replaced = false;
        foreach (T existing in items)
        {
            if (!replaced && same(existing))
            {
                result.Add(item);
                replaced = true;
            }
            else
            {
                result.Add(existing);
            }
        }
        if (!replaced)
            result.Add(item);
        return result.ToArray();
    }

    private static T[] Remove<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        var result = new List<T>(items.Count);
        foreach (T existing in items)
        {
            if (!match(existing))
                result.Add(existing);
        }
        return result.ToArray();
    }
}
