using FastMesos.Agent.Containers;

namespace FastMesos.Agent.Tests.Containers;

public sealed class SandboxTests : IDisposable
{
    readonly string work = Path.Join(Path.GetTempPath(), "fm-sandbox-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Runs_follow_the_Mesos_layout_and_latest_points_at_the_newest()
    {
        string first = Sandbox.Create(work, "A1", "F1", "E1", "run-1");
        string second = Sandbox.Create(work, "A1", "F1", "E1", "run-2");

        Assert.Equal(Path.Join(work, "slaves", "A1", "frameworks", "F1", "executors", "E1", "runs", "run-1"), first);
        Assert.True(Directory.Exists(first) && Directory.Exists(second));
        string latest = Path.Join(work, "slaves", "A1", "frameworks", "F1", "executors", "E1", "runs", Sandbox.Latest);
        Assert.Equal("run-2", new FileInfo(latest).LinkTarget);
        File.WriteAllText(Path.Join(second, "stdout"), "x");
        Assert.Equal("x", File.ReadAllText(Path.Join(latest, "stdout")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("latest")]
    public void Ids_that_are_not_plain_path_segments_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => Sandbox.PathFor(work, "A1", "F1", id, "run-1"));
}
