using CsCheck;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Tests;

/// <summary>
/// <see cref="AppChanges"/> finds the definitions one tree change made or dropped, and planning those
/// alone gives the plan of planning both whole trees when no app declares a dependency (Marathon's
/// runtime plans a REST change that way: MarathonRuntime.PlanFor).
/// </summary>
public sealed class AppChangesTests
{
    static readonly DateTimeOffset Version = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    static AppDefinition App(string id, int instances) => new() { Id = PathId.Resolve(id), Cmd = "sleep 100", Instances = instances };

    [Fact]
    public void One_changed_app_among_a_thousand_is_the_only_change_and_the_walk_allocates_only_its_answer()
    {
        RootGroup before = new(Group.Empty(PathId.Root) with { Apps = Enumerable.Range(0, 1000).Select(i => App($"/app-{i}", 2)).ToArray() });
        AppDefinition old = before.App(PathId.Resolve("/app-500"))!;
        RootGroup after = before.PutApp(old with { Instances = 5 }).WithVersion(Version);

        AppChanges changes = AppChanges.Between(before.Group, after.Group);
        Assert.Same(old, Assert.Single(changes.Before));
        Assert.Equal(5, Assert.Single(changes.After).Instances);

        AppChanges.Between(before.Group, after.Group);   // compiled and warmed
        long start = GC.GetAllocatedBytesForCurrentThread();
        AppChanges.Between(before.Group, after.Group);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        // The answer (two small lists and the object) only: no set or dictionary of the thousand apps.
        Assert.True(allocated < 512, $"{allocated} bytes allocated");
    }

    [Fact]
    public void An_app_removed_from_the_middle_of_its_group_and_a_new_one_are_found_past_the_shifted_positions()
    {
        RootGroup before = new(Group.Empty(PathId.Root) with { Apps = [App("/a", 1), App("/b", 1), App("/c", 1), App("/d", 1)] });
        RootGroup after = before.RemoveApp(PathId.Resolve("/b")).PutApp(App("/e", 1));

        AppChanges changes = AppChanges.Between(before.Group, after.Group);

        Assert.Equal(["/b"], changes.Before.Select(a => a.Id.ToString()));
        Assert.Equal(["/e"], changes.After.Select(a => a.Id.ToString()));
    }

    [Fact]
    public void Random_changes_of_random_trees_are_found_and_planning_them_alone_gives_the_whole_plan()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            RootGroup before = RandomTree(random);
            RootGroup after = before;
            int edits = random.Next(0, 5);
            for (int e = 0; e < edits; e++)
                after = Edit(after, random);
            if (random.Next(2) == 0)
                after = after.WithVersion(Version);

            AppChanges changes = AppChanges.Between(before.Group, after.Group);
            (List<AppDefinition> expectedBefore, List<AppDefinition> expectedAfter) = ByIds(before, after);
            Assert.Equal(expectedBefore, changes.Before, ReferenceEqualityComparer.Instance);
            Assert.Equal(expectedAfter, changes.After, ReferenceEqualityComparer.Instance);

            DeploymentPlan whole = Plan(before.TransitiveApps(), after.TransitiveApps());
            DeploymentPlan reduced = Plan(changes.Before, changes.After);
            Assert.Equal(Describe(whole), Describe(reduced));
            Assert.Equal(whole.Original.Select(a => a.Id), reduced.Original.Select(a => a.Id));
            Assert.Equal(whole.Target.Select(a => a.Id), reduced.Target.Select(a => a.Id));
        }, iter: 1000);
    }

    // What the runtime did before AppChanges: every app of both trees, matched by id.
    static (List<AppDefinition> Before, List<AppDefinition> After) ByIds(RootGroup before, RootGroup after)
    {
        Dictionary<PathId, AppDefinition> beforeById = before.TransitiveApps().ToDictionary(a => a.Id);
        Dictionary<PathId, AppDefinition> afterById = after.TransitiveApps().ToDictionary(a => a.Id);
        return ([.. before.TransitiveApps().Where(a => !ReferenceEquals(afterById.GetValueOrDefault(a.Id), a))],
            [.. after.TransitiveApps().Where(a => !ReferenceEquals(beforeById.GetValueOrDefault(a.Id), a))]);
    }

    // The planner's inputs as the runtime makes them for apps without dependencies.
    static DeploymentPlan Plan(IReadOnlyList<AppDefinition> original, IReadOnlyList<AppDefinition> target)
    {
        Dictionary<string, AppDefinition> originalById = original.ToDictionary(a => a.Id.ToString());
        PlanApp[] originalApps = [.. original.Select(a => new PlanApp(a.Id.ToString(), a.Instances))];
        PlanApp[] targetApps = [.. target.Select(a => new PlanApp(a.Id.ToString(), a.Instances, [],
            originalById.TryGetValue(a.Id.ToString(), out AppDefinition? b) && !ReferenceEquals(a, b) && a.IsUpgrade(b)))];
        return DeploymentPlanner.Plan("d", Version, originalApps, targetApps);
    }

    static string Describe(DeploymentPlan plan) =>
        string.Join(" | ", plan.Steps.Select(s => string.Join(" ", s.Actions.Select(a => $"{a.Name}({a.AppId},{a.ScaleTo})"))));

    // Apps in /, in /g0…/g2 and in /gN/s, up to 6 per group.
    static RootGroup RandomTree(Random random)
    {
        var root = RootGroup.Empty;
        int apps = random.Next(0, 12);
        for (int i = 0; i < apps; i++)
            root = root.PutApp(App($"{RandomGroup(random)}/app-{i}", random.Next(0, 4)));
        return root;
    }

    static string RandomGroup(Random random) => random.Next(4) switch
    {
        0 => "",
        1 => $"/g{random.Next(3)}",
        _ => $"/g{random.Next(3)}/s",
    };

    static RootGroup Edit(RootGroup root, Random random)
    {
        IReadOnlyList<AppDefinition> apps = root.TransitiveApps();
        AppDefinition? some = apps.Count == 0 ? null : apps[random.Next(apps.Count)];
        switch (random.Next(8))
        {
            case 0 when some is not null:
                return root.PutApp(some with { Instances = random.Next(0, 4) });
            case 1 when some is not null:
                return root.PutApp(some with { Cmd = $"sleep {random.Next(1000)}" });
            case 2 when some is not null:
                return root.PutApp(some with { });   // an equal copy: a new definition that changes nothing
            case 3 when some is not null:
                return root.RemoveApp(some.Id);
            case 4:
                return root.RemoveGroup(PathId.Resolve($"/g{random.Next(3)}"));
            case 5:
                if (root.FindGroup(PathId.Resolve($"/g{random.Next(3)}")) is { } group)
                    return root.PutGroup(group with { Apps = [.. group.Apps.Reverse()], Groups = [.. group.Groups.Reverse()] });
                return root;
            default:
                return root.PutApp(App($"{RandomGroup(random)}/new-{random.Next(1000)}", random.Next(0, 4)));
        }
    }
}
