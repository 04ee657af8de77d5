using System.Text.Json.Nodes;
using FastMesos.Simulator.Reporting;

namespace FastMesos.Master.Tests;

/// <summary>
/// <c>--repeat N</c>'s summary line: min, median, p99 and max of a scenario's figures over its runs
/// (specs/performance.md §8.1), the median under the figure's own name.
/// </summary>
public sealed class RepeatSummaryTests
{
    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_value_and_of_an_even_count_the_mean_of_the_middle_two()
    {
        Assert.Equal(new Spread(1, 3, 9, 9), Spread.Of([9, 1, 3]));
        Assert.Equal(new Spread(1, 2.5, 4, 4), Spread.Of([4, 1, 3, 2]));
        Assert.Equal(new Spread(7, 7, 7, 7), Spread.Of([7]));
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
    }

    [Fact]
    public void P99_is_the_nearest_rank()
    {
        double[] tenRuns = [.. Enumerable.Range(1, 10).Select(static i => (double)i)];
        double[] twoHundred = [.. Enumerable.Range(1, 200).Select(static i => (double)i)];

        Assert.Equal(10, Spread.Of(tenRuns).P99);   // ⌈9.9⌉ = the 10th
        Assert.Equal(198, Spread.Of(twoHundred).P99);   // ⌈198⌉ = the 198th
    }

    [Fact]
    public void A_summary_keeps_the_configuration_and_gives_each_figure_its_spread()
    {
        JsonObject[] runs = [Failover(1.9, 57, ok: true), Failover(1.7, 80, ok: true), Failover(2.4, 44, ok: true)];

        JsonObject summary = RepeatSummary.Of(runs);

        Assert.Equal("failover", summary["scenario"]!.GetValue<string>());
        Assert.Equal(10_000, summary["agents"]!.GetValue<int>());
        Assert.Equal(100_000, summary["tasks"]!.GetValue<int>());
        Assert.True(summary[RepeatSummary.SummaryField]!.GetValue<bool>());
        Assert.Equal(3, summary[RepeatSummary.RunsField]!.GetValue<int>());
        Assert.Equal(1.9, summary["seconds"]!.GetValue<double>());
        Assert.Equal(1.7, summary["seconds_min"]!.GetValue<double>());
        Assert.Equal(2.4, summary["seconds_p99"]!.GetValue<double>());
        Assert.Equal(2.4, summary["seconds_max"]!.GetValue<double>());
        Assert.Equal(57, summary["first_offer_after_reregistration_ms"]!.GetValue<double>());
        Assert.Equal(0, summary["lost_tasks"]!.GetValue<double>());
        Assert.Equal(9_990, summary["registered"]!.GetValue<double>());   // the least of the runs
        Assert.True(summary["ok"]!.GetValue<bool>());
        Assert.Equal(ScenarioFigures.KeyOf(runs[0]), ScenarioFigures.KeyOf(summary));
    }

    [Fact]
    public void One_run_not_ok_makes_the_summary_not_ok_and_lost_tasks_add_up()
    {
        JsonObject bad = Failover(1.8, 60, ok: false);
        bad["lost_tasks"] = 3;

        JsonObject summary = RepeatSummary.Of([Failover(1.9, 57, ok: true), bad]);

        Assert.False(summary["ok"]!.GetValue<bool>());
        Assert.Equal(1, summary[RepeatSummary.OkRunsField]!.GetValue<int>());
        Assert.Equal(3, summary["lost_tasks"]!.GetValue<double>());
    }

    [Fact]
    public void Runs_of_different_configurations_are_not_summarized_together()
    {
        JsonObject other = Failover(1.8, 60, ok: true);
        other["agents"] = 1_000;

        Assert.Throws<ArgumentException>(() => RepeatSummary.Of([Failover(1.9, 57, ok: true), other]));
    }

    internal static JsonObject Failover(double seconds, double firstOfferMs, bool ok) => new()
    {
        ["scenario"] = "failover",
        ["agents"] = 10_000,
        ["transport"] = "tcp",
        ["tasks"] = 100_000,
        ["registered"] = seconds < 1.8 ? 9_990 : 10_000,
        ["seconds"] = seconds,
        ["master_cpu_seconds"] = seconds * 1.05,
        ["first_offer_after_reregistration_ms"] = firstOfferMs,
        ["lost_tasks"] = 0,
        ["ok"] = ok,
    };
}
