using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting.Tests.Flags;

public class FlagReportTests
{
    private static (FlagSet Set, Flag<int> Port) Set()
    {
        var set = new FlagSet("fastmesos-agent");
        return (set, set.AddInt("port", "Port.", 5051));
    }

    [Fact]
    public void Good_flags_run()
    {
        (FlagSet set, Flag<int> port) = Set();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(set.TryParseOrReport(["--port=1"], out int exitCode, stdout, stderr, static _ => null));
        Assert.Equal(0, exitCode);
        Assert.Equal(1, port.Value);
        Assert.Empty(stdout.ToString());
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void Help_goes_to_stdout_with_exit_0()
    {
        (FlagSet set, _) = Set();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.False(set.TryParseOrReport(["--help"], out int exitCode, stdout, stderr, static _ => null));
        Assert.Equal(0, exitCode);
        Assert.Equal(set.Usage(), stdout.ToString());
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void Errors_go_to_stderr_with_usage_and_exit_1()
    {
        (FlagSet set, _) = Set();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.False(set.TryParseOrReport(["--port=x"], out int exitCode, stdout, stderr, static _ => null));
        Assert.Equal(1, exitCode);
        Assert.Empty(stdout.ToString());
        Assert.StartsWith("Failed to load flag 'port': Failed to load value 'x': expected an integer\n\nUsage: fastmesos-agent [options]\n", stderr.ToString());
    }
}
