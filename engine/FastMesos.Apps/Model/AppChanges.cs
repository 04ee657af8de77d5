namespace FastMesos.Apps.Model;

/// <summary>
/// The apps one tree change touches: the definitions of <see cref="Between">the tree before</see>
/// that the tree after no longer holds (changed or removed) and those of the tree after that the
/// tree before did not hold (changed or new), each in its tree's <see cref="Group.TransitiveApps"/>
/// order. Definitions are compared by reference: every change of the tree makes new definitions for
/// what it changes and shares the rest, so an unchanged app is the same object in both trees.
/// <para>
/// Why: a REST change of one app in a tree of thousands has to plan, check and store only that app.
/// Walking both trees costs one reference comparison per app and allocates nothing for the shared
/// parts: groups and app lists shared by both trees are skipped whole, and app lists that differ are
/// compared position by position, falling back to a lookup by id only where the positions stop
/// matching (an app removed from the middle of its group, a reordered group).
/// </para>
/// </summary>
public sealed class AppChanges
{
    private AppChanges(List<AppDefinition> before, List<AppDefinition> after)
    {
        Before = before;
        After = after;
    }

    /// <summary>Definitions of the tree before that the tree after does not hold: changed or removed apps, in the tree before's order.</summary>
    public IReadOnlyList<AppDefinition> Before { get; }

    /// <summary>Definitions of the tree after that the tree before did not hold: changed or new apps, in the tree after's order.</summary>
    public IReadOnlyList<AppDefinition> After { get; }

    /// <summary>The apps that differ between two trees (see the type).</summary>
    public static AppChanges Between(Group before, Group after)
    {
        var removed = new List<AppDefinition>();
        var added = new List<AppDefinition>();
        Collect(before, after, removed);
        Collect(after, before, added);
        return new AppChanges(removed, added);
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every app of <paramref name="group"/> and its subgroups, in
    /// <see cref="Group.TransitiveApps"/> order, that <paramref name="other"/> (the group with the
    /// same id in the other tree, or null) does not hold.
    /// </summary>
    private static void Collect(Group group, Group? other, List<AppDefinition> into)
    {
        if (ReferenceEquals(group, other))
            return;
        IReadOnlyList<AppDefinition> apps = group.Apps;
        IReadOnlyList<AppDefinition>? otherApps = other?.Apps;
        if (!ReferenceEquals(apps, otherApps))
        {
            Dictionary<PathId, AppDefinition>? appsById = null;
            for (int i = 0; i < apps.Count; i++)
            {
                AppDefinition app = apps[i];
                if (!ReferenceEquals(app, Counterpart(otherApps, i, app.Id, static a => a.Id, ref appsById)))
                    into.Add(app);
            }
        }

        IReadOnlyList<Group> groups = group.Groups;
        IReadOnlyList<Group>? otherGroups = other?.Groups;
        if (ReferenceEquals(groups, otherGroups))
            return;
        Dictionary<PathId, Group>? groupsById = null;
        for (int i = 0; i < groups.Count; i++)
            Collect(groups[i], Counterpart(otherGroups, i, groups[i].Id, static g => g.Id, ref groupsById), into);
    }

    /// <summary>
    /// The item with <paramref name="id"/> in <paramref name="others"/> (null: none): the one at
    /// <paramref name="index"/> when its id matches, else found by id, indexing
    /// <paramref name="others"/> on first need.
    /// </summary>
    private static T? Counterpart<T>(IReadOnlyList<T>? others, int index, PathId id, Func<T, PathId> idOf, ref Dictionary<PathId, T>? byId)
        where T : class
    {
        if (others is null)
            return null;
        if (index < others.Count && idOf(others[index]) == id)
            return others[index];
        if (byId is null)
        {
            // Ids are unique within a group of a valid tree; in a tree still to be validated the first one wins.
            byId = new Dictionary<PathId, T>(others.Count);
            foreach (T item in others)
                byId.TryAdd(idOf(item), item);
        }
        return byId.GetValueOrDefault(id);
    }
}
