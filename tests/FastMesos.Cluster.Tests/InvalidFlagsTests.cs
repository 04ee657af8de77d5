using FastMesos.Cluster.Tests.Support;

namespace FastMesos.Cluster.Tests;

/// <summary>The fastmesos CLI as a real process: bad flags give the usage, the reason and a non-zero exit.</summary>
public sealed class InvalidFlagsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("bogus", "master", "--bogus")]
    [InlineData("master", "agent", "--work_dir=/tmp/fm-cluster-flags")]
    [InlineData("isolation", "agent", "--master=127.0.0.1:5050", "--isolation=foo/bar", "--work_dir=/tmp/fm-cluster-flags")]
    [InlineData("agents", "local", "--agents=0")]
    [InlineData("command", "execute", "--master=127.0.0.1:5050", "--name=x")]
    [InlineData("port", "master", "--port=99999")]
    [InlineData("'warmup_agents': must be between 0 and 10000", "master", "--warmup_agents=-1")]
    public async Task A_bad_flag_prints_the_usage_and_the_reason_and_exits_non_zero(string reason, params string[] args)
    {
        using ChildProcess child = await ChildProcess.RunFastMesosAsync(Bound, args);

        Assert.NotEqual(0, child.ExitCode);
        Assert.Contains("Usage:", child.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, child.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", child.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage_on_stdout_and_exits_zero()
    {
        using ChildProcess child = await ChildProcess.RunFastMesosAsync(Bound, "master", "--help");

        Assert.Equal(0, child.ExitCode);
        Assert.Contains("Usage:", child.Stdout, StringComparison.Ordinal);
        Assert.Contains("--agent_ping_timeout", child.Stdout, StringComparison.Ordinal);
    }
}
