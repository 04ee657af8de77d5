using CsCheck;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Launching;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §5.3.
public sealed class DeploymentsScalingPropositionTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    static ScalingInstance I(string id, InstanceCondition condition, int startedMinute, string? group = null) =>
        new(id, condition, T0.AddMinutes(startedMinute), group);

    [Fact]
    public void Scale_up_starts_the_missing_instances()
    {
        ScalingProposition p = ScalingProposition.Propose([I("a", InstanceCondition.Running, 0)], [], 3, KillSelection.YoungestFirst);
        Assert.Empty(p.ToDecommission);
        Assert.Equal(2, p.ToStart);
    }

    [Fact]
    public void Scale_down_kills_by_condition_weight_then_youngest_first()
    {
        ScalingInstance[] instances =
        [
            I("run-old", InstanceCondition.Running, 0),
            I("run-young", InstanceCondition.Running, 9),
            I("starting", InstanceCondition.Starting, 5),
            I("staging", InstanceCondition.Staging, 6),
            I("unreachable", InstanceCondition.Unreachable, 1),
            I("killing", InstanceCondition.Killing, 2),
        ];
        ScalingProposition p = ScalingProposition.Propose(instances, [], 0, KillSelection.YoungestFirst);
        Assert.Equal(["unreachable", "staging", "starting", "run-young", "run-old", "killing"], p.ToDecommission);
        Assert.Equal(0, p.ToStart);

        Assert.Equal(["unreachable", "staging"], ScalingProposition.Propose(instances, [], 4, KillSelection.YoungestFirst).ToDecommission);
    }

    [Fact]
    public void Oldest_first_breaks_ties_the_other_way()
    {
        ScalingInstance[] instances = [I("b", InstanceCondition.Running, 5), I("a", InstanceCondition.Running, 1), I("c", InstanceCondition.Running, 9)];
        Assert.Equal(["c", "b"], ScalingProposition.Propose(instances, [], 1, KillSelection.YoungestFirst).ToDecommission);
        Assert.Equal(["a", "b"], ScalingProposition.Propose(instances, [], 1, KillSelection.OldestFirst).ToDecommission);
    }

    [Fact]
    public void Sentenced_instances_go_first_even_beyond_the_scale()
    {
        ScalingInstance[] instances = [I("a", InstanceCondition.Unreachable, 0), I("b", InstanceCondition.Running, 1), I("c", InstanceCondition.Running, 2)];
        // Scale 3 -> 2 with "c" sentenced: only c goes.
        ScalingProposition p = ScalingProposition.Propose(instances, ["c", "unknown"], 2, KillSelection.YoungestFirst);
        Assert.Equal(["c"], p.ToDecommission);
        Assert.Equal(0, p.ToStart);
        // Kill b and c but keep 3: both go and 2 start.
        p = ScalingProposition.Propose(instances, ["b", "c"], 3, KillSelection.YoungestFirst);
        Assert.Equal(["b", "c"], p.ToDecommission);
        Assert.Equal(2, p.ToStart);
    }

    [Fact]
    public void Group_by_keeps_the_groups_even()
    {
        // rack r1 has 3, r2 has 1, r3 has 2: scaling 6 -> 3 leaves one per rack.
        ScalingInstance[] instances =
        [
            I("r1-a", InstanceCondition.Running, 0, "r1"),
            I("r1-b", InstanceCondition.Running, 1, "r1"),
            I("r1-c", InstanceCondition.Running, 2, "r1"),
            I("r2-a", InstanceCondition.Unreachable, 3, "r2"),
            I("r3-a", InstanceCondition.Running, 4, "r3"),
            I("r3-b", InstanceCondition.Staging, 5, "r3"),
        ];
        ScalingProposition p = ScalingProposition.Propose(instances, [], 3, KillSelection.YoungestFirst, groupBy: true);
        // Largest group r1 first (youngest r1-c), then r1 and r3 tie at 2: r3-b (Staging) comes first in kill order.
        Assert.Equal(["r1-c", "r3-b", "r1-b"], p.ToDecommission);
        // Without GROUP_BY the unreachable r2-a would be first.
        Assert.Equal(["r2-a", "r3-b", "r3-a"], ScalingProposition.Propose(instances, [], 3, KillSelection.YoungestFirst).ToDecommission);
    }

    [Fact]
    public void Group_by_treats_a_missing_value_as_its_own_group_and_sentenced_ones_as_gone()
    {
        ScalingInstance[] instances =
        [
            I("x-a", InstanceCondition.Running, 0, "x"),
            I("x-b", InstanceCondition.Running, 1, "x"),
            I("none-a", InstanceCondition.Running, 2),
            I("none-b", InstanceCondition.Running, 3),
            I("none-c", InstanceCondition.Running, 4),
        ];
        ScalingProposition p = ScalingProposition.Propose(instances, ["x-a"], 2, KillSelection.YoungestFirst, groupBy: true);
        Assert.Equal(["x-a", "none-c", "none-b"], p.ToDecommission);
    }

    [Fact]
    public void Propositions_reach_the_target_count_with_sentenced_first_and_groups_even()
    {
        Gen<(ScalingInstance[] Instances, int Sentenced, int ScaleTo, bool GroupBy, bool Oldest)> cases =
            Gen.Int[0, 40].SelectMany(n => Gen.Select(
                Gen.Select(Gen.Enum<InstanceCondition>(), Gen.Int[0, 100], Gen.Int[0, 3]).Array[n],
                Gen.Int[0, n], Gen.Int[0, 50], Gen.Bool, Gen.Bool))
            .Select(t => (Instances(t.Item1), t.Item2, t.Item3, t.Item4, t.Item5));

        cases.Sample(c =>
        {
            var sentenced = new List<string>();
            for (int i = 0; i < c.Sentenced; i++)
                sentenced.Add(c.Instances[i].Id);
            ScalingProposition p = ScalingProposition.Propose(c.Instances, sentenced,
                c.ScaleTo, c.Oldest ? KillSelection.OldestFirst : KillSelection.YoungestFirst, c.GroupBy);

            int n = c.Instances.Length;
            Assert.Equal(Math.Max(n - c.ScaleTo, c.Sentenced), p.ToDecommission.Count);
            Assert.Equal(c.ScaleTo, n - p.ToDecommission.Count + p.ToStart);
            Assert.Equal(p.ToDecommission.Count, new HashSet<string>(p.ToDecommission).Count);
            for (int i = 0; i < c.Sentenced; i++)
                Assert.Equal(sentenced[i], p.ToDecommission[i]);
            if (c.GroupBy && c.Sentenced == 0)
                AssertEvenAfterKills(c.Instances, p.ToDecommission);
        }, iter: 1000);
    }

    static ScalingInstance[] Instances((InstanceCondition Condition, int Minute, int Rack)[] raw)
    {
        var instances = new ScalingInstance[raw.Length];
        for (int i = 0; i < raw.Length; i++)
            instances[i] = I($"i{i}", raw[i].Condition, raw[i].Minute, raw[i].Rack == 0 ? null : $"r{raw[i].Rack}");
        return instances;
    }

    // Killing from the largest group never leaves a group more than one above a smaller one it had
    // at least as many as (the spread shrinks to at most max(1, the initial spread)).
    static void AssertEvenAfterKills(ScalingInstance[] instances, IReadOnlyList<string> killed)
    {
        var killedSet = new HashSet<string>(killed);
        var before = new Dictionary<string, int>();
        var after = new Dictionary<string, int>();
        foreach (ScalingInstance i in instances)
        {
            string key = i.GroupByValue ?? "";
            before[key] = before.GetValueOrDefault(key) + 1;
            after[key] = after.GetValueOrDefault(key) + (killedSet.Contains(i.Id) ? 0 : 1);
        }
        if (killed.Count == 0 || after.Count == 0)
            return;
        int spreadBefore = Spread(before.Values), spreadAfter = Spread(after.Values);
        Assert.True(spreadAfter <= Math.Max(1, spreadBefore), $"spread {spreadBefore} -> {spreadAfter}");
        int largestAfter = 0;
        foreach (int size in after.Values)
            largestAfter = Math.Max(largestAfter, size);
        // Whatever was killed came from groups that were, at that moment, the largest.
        foreach (KeyValuePair<string, int> group in after)
        {
            if (group.Value < before[group.Key])
                Assert.True(group.Value >= largestAfter - 1, $"group {group.Key} cut to {group.Value} while another keeps {largestAfter}");
        }
    }

    static int Spread(IEnumerable<int> sizes)
    {
        int min = int.MaxValue, max = 0;
        foreach (int size in sizes)
        {
            min = Math.Min(min, size);
            max = Math.Max(max, size);
        }
        return max - min;
    }
}
