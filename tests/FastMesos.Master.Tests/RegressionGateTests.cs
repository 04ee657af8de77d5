using System.Text.Json.Nodes;
using FastMesos.Simulator.Reporting;

namespace FastMesos.Master.Tests;

/// <summary>
/// specs/performance.md §8.3's regression gate: a figure fails when it is more than the margin worse
/// than the worst of the last N comparable lines (same configuration, machine, kind; ok; older).
/// </summary>
public sealed class RegressionGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rate_fails_below_the_least_of_its_history_times_the_margin()
    {
        JsonObject[] history = [Launch(60_000, 1), Launch(55_000, 2), Launch(58_000, 3)];

        GateVerdict ok = Single(RegressionGate.Check([Launch(49_600, 10)], history, 10, 0.9));
        GateVerdict regressed = Single(RegressionGate.Check([Launch(49_400, 10)], history, 10, 0.9));

        Assert.Equal(3, ok.HistoryRuns);
        Assert.Equal(55_000, ok.Worst);
        Assert.Equal(49_500, ok.Threshold!.Value, 6);
        Assert.False(ok.Regressed);
        Assert.True(regressed.Regressed);
    }

    [Fact]
    public void A_duration_fails_above_the_greatest_of_its_history_divided_by_the_margin()
    {
        JsonObject[] history = [Register(0.90, 1), Register(0.81, 2)];

        GateVerdict ok = Single(RegressionGate.Check([Register(0.99, 10)], history, 10, 0.9, minHistory: 2));
        GateVerdict regressed = Single(RegressionGate.Check([Register(1.01, 10)], history, 10, 0.9, minHistory: 2));

        Assert.Equal(0.90, ok.Worst);
        Assert.Equal(1.0, ok.Threshold!.Value, 9);
        Assert.False(ok.Regressed);
        Assert.True(regressed.Regressed);
    }

    [Fact]
    public void Only_the_last_window_of_lines_counts()
    {
        // A slow run long ago would excuse anything; the window has forgotten it.
        JsonObject[] history = [Register(5.0, 1), Register(0.8, 2), Register(0.8, 3)];

        GateVerdict verdict = Single(RegressionGate.Check([Register(1.0, 10)], history, 2, 0.9, minHistory: 2));

        Assert.Equal(2, verdict.HistoryRuns);
        Assert.True(verdict.Regressed);
    }

    [Fact]
    public void Lines_of_another_machine_configuration_kind_or_outcome_or_from_later_do_not_count()
    {
        JsonObject otherMachine = Register(9, 1);
        otherMachine[RunProvenance.KernelField] = "6.1.0-28-amd64";
        JsonObject otherShape = Register(9, 2);
        otherShape["agents"] = 1_000;
        JsonObject summary = Register(9, 3);
        summary[RepeatSummary.SummaryField] = true;
        JsonObject failed = Register(9, 4);
        failed["ok"] = false;
        JsonObject noMachine = Register(9, 5);
        noMachine.Remove(RunProvenance.CpuField);
        JsonObject later = Register(9, 20);

        GateVerdict verdict = Single(RegressionGate.Check([Register(1.0, 10)], [otherMachine, otherShape, summary, failed, noMachine, later], 10, 0.9));

        Assert.Equal(0, verdict.HistoryRuns);
        Assert.Null(verdict.Threshold);
        Assert.False(verdict.Regressed);
    }

    [Fact]
    public void A_figure_with_fewer_comparable_lines_than_the_minimum_is_not_gated_yet()
    {
        JsonObject[] history = [Register(0.8, 1), Register(0.8, 2)];

        GateVerdict early = Single(RegressionGate.Check([Register(5.0, 10)], history, 10, 0.9));
        GateVerdict gated = Single(RegressionGate.Check([Register(5.0, 10)], [.. history, Register(0.8, 3)], 10, 0.9));

        Assert.Equal(3, RegressionGate.DefaultMinHistory);
        Assert.Equal(2, early.HistoryRuns);
        Assert.Null(early.Threshold);
        Assert.False(early.Regressed);
        Assert.True(gated.Regressed);
    }

    [Fact]
    public void A_summary_is_compared_with_summaries_by_its_median()
    {
        JsonObject past = Register(0.8, 1);
        past[RepeatSummary.SummaryField] = true;
        JsonObject now = Register(0.95, 10);
        now[RepeatSummary.SummaryField] = true;

        GateVerdict verdict = Single(RegressionGate.Check([now], [past, Register(0.5, 2)], 10, 0.9, minHistory: 1));

        Assert.Equal(1, verdict.HistoryRuns);
        Assert.Equal(0.8, verdict.Worst);
        Assert.True(verdict.Regressed);
    }

    [Fact]
    public void A_run_that_failed_its_checks_regresses_whatever_its_speed()
    {
        JsonObject failed = Register(0.1, 10);
        failed["ok"] = false;

        GateVerdict verdict = Single(RegressionGate.Check([failed], [Register(1.0, 1)], 10, 0.9, minHistory: 1));

        Assert.True(verdict.RunFailed);
        Assert.True(verdict.Regressed);
    }

    [Fact]
    public void Every_gated_figure_of_the_scenario_is_checked()
    {
        JsonObject failover = Register(1.5, 10);
        failover["scenario"] = "failover";
        failover["first_offer_after_reregistration_ms"] = 70.0;

        List<GateVerdict> verdicts = RegressionGate.Check([failover], [], 10, 0.9);

        Assert.Equal(["seconds", "first_offer_after_reregistration_ms"], verdicts.Select(static v => v.Figure));
        Assert.All(verdicts, static v => Assert.Equal(Better.Lower, v.Better));
    }

    [Fact]
    public void A_result_that_names_no_machine_cannot_be_gated()
    {
        JsonObject old = Register(1.0, 10);
        old.Remove(RunProvenance.KernelField);

        var e = Assert.Throws<InvalidDataException>(() => RegressionGate.Check([old], [], 10, 0.9));
        Assert.Contains("names no machine", e.Message, StringComparison.Ordinal);
    }

    private static GateVerdict Single(List<GateVerdict> verdicts) => Assert.Single(verdicts);

    private static JsonObject Register(double seconds, int minute) => Line("register", "seconds", seconds, minute);

    private static JsonObject Launch(double tasksPerSec, int minute) => Line("launch", "tasks_per_sec", tasksPerSec, minute);

    internal static JsonObject Line(string scenario, string figure, double value, int minute)
    {
        var line = new JsonObject { ["scenario"] = scenario, ["agents"] = 10_000, ["transport"] = "tcp", [figure] = value, ["ok"] = true };
        RunProvenance machine = RunProvenance.Current with { Cpu = "AMD EPYC", Cores = 2, Kernel = "6.18.44-fc-v1272" };
        machine.AddTo(line, Start.AddMinutes(minute));
        return line;
    }
}
