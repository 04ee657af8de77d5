using System.Text.Json.Nodes;
using FastMesos.Simulator.Reporting;

namespace FastMesos.Master.Tests;

/// <summary>
/// What every result line says about its origin (specs/performance.md §8.1, §8.3): the build's
/// commit, the runtime, the machine and the descriptor limit, read from the files Linux keeps them in.
/// </summary>
public sealed class RunProvenanceTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                20000                files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void The_commit_is_what_follows_the_plus_of_the_informational_version()
    {
        Assert.Equal("d27e512b10e138a75e51bd25eb11c7cb092bc486", RunProvenance.CommitOf("1.0.0+d27e512b10e138a75e51bd25eb11c7cb092bc486"));
        Assert.Equal(RunProvenance.Unknown, RunProvenance.CommitOf("1.0.0"));
        Assert.Equal(RunProvenance.Unknown, RunProvenance.CommitOf("1.0.0+"));
        Assert.Equal(RunProvenance.Unknown, RunProvenance.CommitOf(null));
    }

    [Fact]
    public void The_cpu_is_the_first_model_name_of_cpuinfo()
    {
        const string CpuInfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";

        Assert.Equal("AMD EPYC 7B13", RunProvenance.CpuModelOf(CpuInfo));
        Assert.Null(RunProvenance.CpuModelOf("processor\t: 0\n"));
        Assert.Null(RunProvenance.CpuModelOf(null));
    }

    [Fact]
    public void The_descriptor_limit_is_the_soft_max_open_files()
    {
        Assert.Equal(20_000, RunProvenance.SoftFdLimitOf(Limits));
        Assert.Equal(long.MaxValue, RunProvenance.SoftFdLimitOf("Max open files            unlimited            unlimited            files\n"));
        Assert.Equal(-1, RunProvenance.SoftFdLimitOf("Max cpu time              unlimited            unlimited            seconds\n"));
        Assert.Equal(-1, RunProvenance.SoftFdLimitOf(null));
    }

    [Fact]
    public void This_process_names_its_machine_and_a_build_from_a_checkout_names_its_commit()
    {
        RunProvenance current = RunProvenance.Current;

        Assert.Equal(Environment.ProcessorCount, current.Cores);
        Assert.StartsWith(".NET ", current.Runtime, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(current.Cpu));
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), current.Kernel);
        Assert.True(current.FdLimit > 0);
        // The SDK embeds the commit of the checkout it builds in (a build outside one says "unknown").
        if (InGitCheckout())
            Assert.Matches("^[0-9a-f]{40}$", current.Commit);
    }

    [Fact]
    public void A_line_gains_every_provenance_field_and_keeps_its_own()
    {
        var line = new JsonObject { ["scenario"] = "register", ["seconds"] = 1.5, ["cores"] = 64 };
        RunProvenance provenance = RunProvenance.Current with { Commit = "abc" };

        string text = ResultLine.Format(line, provenance, new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.Zero));

        JsonObject parsed = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("abc", parsed[RunProvenance.CommitField]!.GetValue<string>());
        Assert.Equal(64, parsed[RunProvenance.CoresField]!.GetValue<int>());   // the line's own, not this machine's
        Assert.Equal("2026-12-06T11:00:00.000Z", parsed[RunProvenance.TimeField]!.GetValue<string>());
        foreach (string field in (string[])[RunProvenance.RuntimeField, RunProvenance.CpuField, RunProvenance.KernelField, RunProvenance.FdLimitField,
                     RunProvenance.GcField, RunProvenance.TieredPgoField])
            Assert.NotNull(parsed[field]);
        Assert.Equal(1.5, parsed["seconds"]!.GetValue<double>());
    }

    private static bool InGitCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return true;
        }
        return false;
    }
}
