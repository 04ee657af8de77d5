using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

public sealed class DeploymentsReverterTests
{
    static readonly DateTimeOffset Version = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reverting_onto_the_target_gives_back_the_original()
    {
        PlanApp[] original = [new("/scaled", 2), new("/removed", 1), new("/restarted", 1), new("/same", 1)];
        PlanApp[] target = [new("/scaled", 5), new("/restarted", 1, [], true), new("/same", 1), new("/added", 1)];
        DeploymentPlan plan = DeploymentPlanner.Plan("d", Version, original, target);

        IReadOnlyList<PlanApp> back = DeploymentPlanReverter.Revert(plan, target);

        Assert.Equal(["/scaled", "/restarted", "/same", "/removed"], Ids(back));
        Assert.Equal(2, back[0].Instances);
        // Going back to the old configuration is a restart again.
        Assert.True(back[1].NeedsRestart);
        Assert.False(back[3].NeedsRestart);

        DeploymentPlan rollback = DeploymentPlanner.Plan("r", Version, target, back);
        Assert.Equal(["/added", "/removed", "/scaled", "/restarted"], rollback.AffectedApps);
    }

    [Fact]
    public void Concurrent_changes_to_other_apps_are_kept()
    {
        PlanApp[] original = [new("/a", 1)];
        PlanApp[] target = [new("/a", 3)];
        DeploymentPlan plan = DeploymentPlanner.Plan("d", Version, original, target);
        // Meanwhile another deployment added /other.
        PlanApp[] current = [new("/a", 3), new("/other", 4)];

        IReadOnlyList<PlanApp> back = DeploymentPlanReverter.Revert(plan, current);

        Assert.Equal(["/a", "/other"], Ids(back));
        Assert.Equal(1, back[0].Instances);
        Assert.Equal(4, back[1].Instances);
    }

    [Fact]
    public void The_generic_reverter_uses_the_models_equality()
    {
        var original = new Dictionary<string, string> { ["/a"] = "cmd-1", ["/b"] = "cmd-b" };
        var target = new Dictionary<string, string> { ["/a"] = "cmd-2", ["/c"] = "cmd-c" };
        var current = new Dictionary<string, string> { ["/a"] = "cmd-2", ["/c"] = "cmd-c", ["/x"] = "x" };

        Dictionary<string, string> back = DeploymentPlanReverter.Revert(original, target, current);

        Assert.Equal(3, back.Count);
        Assert.Equal("cmd-1", back["/a"]);
        Assert.Equal("cmd-b", back["/b"]);
        Assert.Equal("x", back["/x"]);
    }

    static string[] Ids(IReadOnlyList<PlanApp> apps)
    {
        var ids = new string[apps.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = apps[i].Id;
        return ids;
    }
}
