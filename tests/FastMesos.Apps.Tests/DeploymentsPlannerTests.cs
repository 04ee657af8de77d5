using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

public sealed class DeploymentsPlannerTests
{
    static readonly DateTimeOffset Version = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    static DeploymentPlan Plan(PlanApp[] original, PlanApp[] target, IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill = null) =>
        DeploymentPlanner.Plan("d1", Version, original, target, toKill);

    static string Describe(DeploymentPlan plan)
    {
        var steps = new List<string>();
        foreach (DeploymentStep step in plan.Steps)
        {
            var actions = new List<string>();
            foreach (DeploymentAction a in step.Actions)
                actions.Add($"{a.Name}({a.AppId},{a.ScaleTo})");
            steps.Add(string.Join(" ", actions));
        }
        return string.Join(" | ", steps);
    }

    [Fact]
    public void A_new_app_is_started_then_scaled()
    {
        DeploymentPlan plan = Plan([], [new PlanApp("/simple", 2)]);
        Assert.Equal("StartApplication(/simple,0) | ScaleApplication(/simple,2)", Describe(plan));
        Assert.Equal(["/simple"], plan.AffectedApps);
        Assert.Equal("d1", plan.Id);
        Assert.Equal(Version, plan.Version);
    }

    // Scenario #7: only instances changed -> one ScaleApplication, no restart.
    [Fact]
    public void Changing_only_instances_scales()
    {
        DeploymentPlan plan = Plan([new PlanApp("/simple", 2)], [new PlanApp("/simple", 3)]);
        Assert.Equal("ScaleApplication(/simple,3)", Describe(plan));
    }

    [Fact]
    public void Scaling_to_zero_scales()
    {
        DeploymentPlan plan = Plan([new PlanApp("/simple", 2)], [new PlanApp("/simple", 0)]);
        Assert.Equal("ScaleApplication(/simple,0)", Describe(plan));
    }

    // Scenario #8: a config change (the model sets NeedsRestart) -> RestartApplication, even with a scale.
    [Fact]
    public void A_config_change_restarts()
    {
        Assert.Equal("RestartApplication(/simple,2)", Describe(Plan([new PlanApp("/simple", 2)], [new PlanApp("/simple", 2, [], true)])));
        Assert.Equal("RestartApplication(/simple,5)", Describe(Plan([new PlanApp("/simple", 2)], [new PlanApp("/simple", 5, [], true)])));
    }

    [Fact]
    public void Unchanged_apps_produce_no_step()
    {
        DeploymentPlan plan = Plan([new PlanApp("/a", 2), new PlanApp("/b", 1)], [new PlanApp("/a", 2), new PlanApp("/b", 1)]);
        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.AffectedApps);
    }

    // Scenario #21: an app absent from the target is stopped.
    [Fact]
    public void An_app_absent_from_the_target_is_stopped()
    {
        DeploymentPlan plan = Plan([new PlanApp("/g/a", 1), new PlanApp("/g/b", 1)], [new PlanApp("/g/a", 1)]);
        Assert.Equal("StopApplication(/g/b,0)", Describe(plan));
        Assert.True(plan.Affects("/g/b"));
        Assert.False(plan.Affects("/g/a"));
    }

    // Scenario #18 (and #17's dry run shows the same steps): db is scaled a step before app.
    [Fact]
    public void Dependencies_are_scaled_in_an_earlier_step()
    {
        DeploymentPlan plan = Plan([], [new PlanApp("/g/app", 2, ["/g/db"]), new PlanApp("/g/db", 1)]);
        Assert.Equal("StartApplication(/g/app,0) StartApplication(/g/db,0) | ScaleApplication(/g/db,1) | ScaleApplication(/g/app,2)", Describe(plan));
    }

    [Fact]
    public void Layers_follow_the_longest_dependency_path()
    {
        // web -> api -> db, web -> db, cache: layers {db, cache}, {api}, {web}.
        PlanApp[] target =
        [
            new("/web", 1, ["/api", "/db"]),
            new("/api", 1, ["/db"]),
            new("/db", 1),
            new("/cache", 1),
        ];
        DeploymentPlan plan = Plan(target, [target[0] with { NeedsRestart = true }, target[1] with { Instances = 3 }, target[2] with { NeedsRestart = true }, target[3] with { NeedsRestart = true }]);
        Assert.Equal("RestartApplication(/db,1) RestartApplication(/cache,1) | ScaleApplication(/api,3) | RestartApplication(/web,1)", Describe(plan));
    }

    [Fact]
    public void Unaffected_target_apps_still_count_for_layering_but_missing_ones_do_not()
    {
        // /app depends on the unchanged /db (present) and on /gone (absent from the target).
        PlanApp[] original = [new("/db", 1), new("/app", 1, ["/db", "/gone"])];
        DeploymentPlan plan = Plan(original, [new("/db", 1), new("/app", 1, ["/db", "/gone"], true), new("/solo", 1, ["/gone"])]);
        // /solo (layer 1) and /app (layer 2) are in different steps, /db has no action.
        Assert.Equal("StartApplication(/solo,0) | ScaleApplication(/solo,1) | RestartApplication(/app,1)", Describe(plan));
    }

    [Fact]
    public void Stop_start_and_layers_combine_in_order()
    {
        DeploymentPlan plan = Plan([new PlanApp("/old", 1), new PlanApp("/db", 1)], [new PlanApp("/db", 2), new PlanApp("/new", 1, ["/db"])]);
        Assert.Equal("StopApplication(/old,0) | StartApplication(/new,0) | ScaleApplication(/db,2) | ScaleApplication(/new,1)", Describe(plan));
        Assert.Equal(["/old", "/new", "/db"], plan.AffectedApps);
    }

    [Fact]
    public void Instances_to_kill_ride_on_the_scale_action()
    {
        var toKill = new Dictionary<string, IReadOnlyList<string>> { ["/a"] = ["i1"] };
        DeploymentPlan plan = Plan([new PlanApp("/a", 3)], [new PlanApp("/a", 2)], toKill);
        Assert.Equal(["i1"], plan.Steps[0].Actions[0].InstancesToKill);
    }

    [Fact]
    public void A_cycle_is_reported_not_looped_on()
    {
        PlanApp[] target = [new("/x", 1, ["/y"]), new("/y", 1, ["/x"])];
        Assert.False(DeploymentPlanner.TryPlan("d", Version, [], target, null, out DeploymentPlan? plan, out string? error));
        Assert.Null(plan);
        Assert.Equal(DeploymentPlanner.CyclicDependencies, error);
        Assert.Throws<InvalidOperationException>(() => Plan([], [new("/self", 1, ["/self"])]));
    }

    [Fact]
    public void A_long_dependency_chain_is_layered_one_app_per_step()
    {
        var target = new PlanApp[200];
        for (int i = 0; i < target.Length; i++)
            target[i] = new PlanApp($"/a{i}", 1, i == 0 ? [] : [$"/a{i - 1}"]);
        DeploymentPlan plan = Plan([], target);
        Assert.Equal(1 + 200, plan.Steps.Count);
        Assert.Equal("/a199", plan.Steps[200].Actions[0].AppId);
    }

    [Fact]
    public void Plans_conflict_when_they_touch_a_common_app()
    {
        DeploymentPlan a = Plan([], [new PlanApp("/a", 1), new PlanApp("/shared", 1)]);
        DeploymentPlan b = Plan([new PlanApp("/shared", 1)], [new PlanApp("/shared", 2), new PlanApp("/b", 1)]);
        DeploymentPlan c = Plan([], [new PlanApp("/c", 1)]);
        Assert.True(a.ConflictsWith(b));
        Assert.True(b.ConflictsWith(a));
        Assert.False(a.ConflictsWith(c));
        Assert.False(c.ConflictsWith(b));
    }
}
