using CsCheck;
using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

/// <summary>
/// A plan keeps only the inputs it depends on (<see cref="DeploymentPlan.Original"/>,
/// <see cref="DeploymentPlan.Target"/>): they are what a stored deployment carries, so planning them
/// again after a failover must give the same steps as planning the whole trees did.
/// </summary>
public sealed class DeploymentsPlanInputsTests
{
    static readonly DateTimeOffset Version = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    static string Describe(DeploymentPlan plan) =>
        string.Join(" | ", plan.Steps.Select(s => string.Join(" ", s.Actions.Select(a => $"{a.Name}({a.AppId},{a.ScaleTo},{a.InstancesToKill.Count})"))));

    [Fact]
    public void One_changed_app_in_a_large_tree_keeps_one_app()
    {
        PlanApp[] original = Enumerable.Range(0, 1000).Select(i => new PlanApp($"/app-{i}", 2)).ToArray();
        PlanApp[] target = original.Select(a => a.Id == "/app-500" ? a with { Instances = 5 } : a).ToArray();

        DeploymentPlan plan = DeploymentPlanner.Plan("d", Version, original, target);

        Assert.Equal("ScaleApplication(/app-500,5,0)", Describe(plan));
        Assert.Equal(["/app-500"], plan.Original.Select(a => a.Id));
        Assert.Equal(["/app-500"], plan.Target.Select(a => a.Id));
    }

    [Fact]
    public void Untouched_apps_on_a_dependency_path_are_kept_for_the_layering()
    {
        // /a depends on /b, which depends on /c; /a and /c restart, /b is untouched: /a still
        // belongs two layers after /c, which only the path through /b tells.
        PlanApp[] original = [new("/c", 1), new("/b", 1, ["/c"]), new("/a", 1, ["/b"]), new("/other", 1)];
        PlanApp[] target = [new("/c", 1, [], true), new("/b", 1, ["/c"]), new("/a", 1, ["/b"], true), new("/other", 1)];

        DeploymentPlan plan = DeploymentPlanner.Plan("d", Version, original, target);
        DeploymentPlan again = DeploymentPlanner.Plan("d", Version, plan.Original, plan.Target);

        Assert.Equal("RestartApplication(/c,1,0) | RestartApplication(/a,1,0)", Describe(plan));
        Assert.Equal(Describe(plan), Describe(again));
        Assert.Equal(["/c", "/b", "/a"], plan.Target.Select(a => a.Id));
        Assert.Equal(["/c", "/b", "/a"], plan.Original.Select(a => a.Id));
    }

    [Fact]
    public void Planning_the_kept_inputs_again_gives_the_same_steps()
    {
        // Original: n apps, each depending on some earlier ones (acyclic). Target: each app kept,
        // rescaled, restarted or removed, plus new apps that may depend on anything before them.
        var gen =
            from n in Gen.Int[0, 14]
            from deps in Gen.Int[0, 3].Array[n]
            from seeds in Gen.Int[0, 1000].Array[n]
            from fates in Gen.Int[0, 4].Array[n]
            from added in Gen.Int[0, 4]
            from addedDeps in Gen.Int[0, 1000].Array[added]
            select (n, deps, seeds, fates, added, addedDeps);

        gen.Sample(c =>
        {
            var original = new List<PlanApp>();
            for (int i = 0; i < c.n; i++)
            {
                var dependencies = new List<string>();
                for (int d = 0; d < c.deps[i] && i > 0; d++)
                    dependencies.Add($"/app-{(c.seeds[i] + d * 7) % i}");
                original.Add(new PlanApp($"/app-{i}", c.seeds[i] % 4, dependencies.Distinct().ToArray()));
            }
            var target = new List<PlanApp>();
            var toKill = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (int i = 0; i < c.n; i++)
            {
                PlanApp app = original[i];
                switch (c.fates[i])
                {
                    case 0: target.Add(app); break;
                    case 1:
                        target.Add(app with { Instances = app.Instances + 1 });
                        break;
                    case 2:
                        if (app.Instances > 0)
                            toKill[app.Id] = [$"{app.Id}.instance-1"];
                        target.Add(app with { Instances = Math.Max(0, app.Instances - 1) });
                        break;
                    case 3: target.Add(app with { NeedsRestart = true }); break;
                    default: break;   // removed
                }
            }
            for (int k = 0; k < c.added; k++)
            {
                string[] dependencies = target.Count == 0 ? [] : [target[c.addedDeps[k] % target.Count].Id];
                target.Add(new PlanApp($"/new-{k}", 1 + k, dependencies));
            }

            DeploymentPlan plan = DeploymentPlanner.Plan("d", Version, original, target, toKill);
            DeploymentPlan again = DeploymentPlanner.Plan("d", Version, plan.Original, plan.Target, toKill);

            Assert.Equal(Describe(plan), Describe(again));
            Assert.Equal(plan.AffectedApps, again.AffectedApps);
            Assert.True(plan.Original.Count <= original.Count && plan.Target.Count <= target.Count);
        }, iter: 2000);
    }
}
