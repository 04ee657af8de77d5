using FastMesos.Simulator;
using FastMesos.Simulator.Reporting;

namespace FastMesos.Master.Tests;

/// <summary>
/// <c>sim gate</c> and <c>--repeat</c> end to end on files: the lines a repeated run appends to its
/// report folder are the history the gate reads, and the gate's exit code says whether a figure regressed.
/// </summary>
public sealed class GateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fm-gate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_repeated_run_appends_each_line_and_its_summary_to_the_report_folder()
    {
        string report = Path.Combine(_dir, "report");
        double[] seconds = [1.2, 1.0, 1.1];
        int run = 0;

        int exit = RepeatedRuns.Run(3, json: true, report, () => new FakeResult { Scenario = "register", Seconds = seconds[run++], Ok = true }, static _ => { });

        Assert.Equal(0, exit);
        string[] lines = File.ReadAllLines(Path.Combine(report, RepeatedRuns.ResultsFile));
        Assert.Equal(4, lines.Length);
        var parsed = ResultLine.Parse(lines, "results.jsonl");
        Assert.All(parsed, static l => Assert.NotNull(l[RunProvenance.CommitField]));
        Assert.True(parsed[3][RepeatSummary.SummaryField]!.GetValue<bool>());
        Assert.Equal(1.1, parsed[3]["seconds"]!.GetValue<double>());
    }

    [Fact]
    public void A_run_not_ok_makes_the_repeat_exit_1()
    {
        int run = 0;

        int exit = RepeatedRuns.Run(2, json: true, reportDir: null, () => new FakeResult { Scenario = "register", Seconds = 1, Ok = run++ == 0 }, static _ => { });

        Assert.Equal(1, exit);
    }

    [Fact]
    public void The_gate_exits_1_on_a_regression_and_0_without_one()
    {
        string history = Path.Combine(_dir, "perf-reports", "2026-12-06-x");
        Directory.CreateDirectory(history);
        File.WriteAllLines(Path.Combine(history, "results.jsonl"),
            [RegressionGateTests.Line("register", "seconds", 0.9, 1).ToJsonString(), RegressionGateTests.Line("register", "seconds", 0.8, 2).ToJsonString(),
                RegressionGateTests.Line("register", "seconds", 0.85, 3).ToJsonString()]);
        string fast = Path.Combine(_dir, "fast.txt"), slow = Path.Combine(_dir, "slow.txt");
        // A run's whole stdout: progress and a table before the line are skipped.
        File.WriteAllLines(fast, ["sim cluster: starting the master", RegressionGateTests.Line("register", "seconds", 0.95, 10).ToJsonString()]);
        File.WriteAllLines(slow, [RegressionGateTests.Line("register", "seconds", 1.2, 10).ToJsonString()]);

        Assert.Equal(0, GateCommand.Run(["--results", fast, "--history", Path.Combine(_dir, "perf-reports"), "--json"]));
        Assert.Equal(1, GateCommand.Run(["--results", slow, "--history", Path.Combine(_dir, "perf-reports"), "--json"]));
    }

    [Fact]
    public void Bad_input_is_a_usage_error_that_names_it()
    {
        string broken = Path.Combine(_dir, "broken.txt"), valid = Path.Combine(_dir, "valid.txt");
        File.WriteAllLines(broken, ["{\"scenario\": \"register\", "]);
        File.WriteAllLines(valid, [RegressionGateTests.Line("register", "seconds", 1, 10).ToJsonString()]);

        Assert.Contains("--results", Assert.Throws<UsageException>(() => GateCommand.Run([])).Message, StringComparison.Ordinal);
        Assert.Contains("no file", Assert.Throws<UsageException>(() => GateCommand.Run(["--results", Path.Combine(_dir, "none")])).Message, StringComparison.Ordinal);
        Assert.Contains("broken.txt:1", Assert.Throws<UsageException>(() => GateCommand.Run(["--results", broken, "--history", _dir])).Message, StringComparison.Ordinal);
        Assert.Contains("--margin", Assert.Throws<UsageException>(() => GateCommand.Run(["--results", broken, "--margin", "1.5"])).Message, StringComparison.Ordinal);
        Assert.Contains("--history", Assert.Throws<UsageException>(
            () => GateCommand.Run(["--results", valid, "--history", Path.Combine(_dir, "none")])).Message, StringComparison.Ordinal);
    }

    private sealed class FakeResult
    {
        [System.Text.Json.Serialization.JsonPropertyName("scenario")] public required string Scenario { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("agents")] public int Agents { get; init; } = 10;

        [System.Text.Json.Serialization.JsonPropertyName("seconds")] public double Seconds { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("ok")] public bool Ok { get; init; }
    }
}
