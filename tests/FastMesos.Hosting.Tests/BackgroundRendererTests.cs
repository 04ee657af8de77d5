using System.Globalization;

namespace FastMesos.Hosting.Tests;

/// <summary>Jobs run on the renderer's own threads at the lowered priority; results, exceptions and continuations reach the caller.</summary>
public sealed class BackgroundRendererTests
{
    [Fact]
    public async Task A_job_runs_on_a_renderer_thread_at_the_lowered_priority_and_its_caller_resumes_elsewhere()
    {
        using var renderer = new BackgroundRenderer("test render", threads: 1, nice: 7);

        (string? thread, int nice) = await renderer.Run(static _ => (Thread.CurrentThread.Name, OwnNice()), 0);

        Assert.Equal("test render", thread);
        Assert.NotEqual("test render", Thread.CurrentThread.Name);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(7, nice);
            Assert.Equal(1, renderer.LoweredThreads);
        }
    }

    [Fact]
    public async Task A_job_s_exception_reaches_its_caller_and_the_renderer_keeps_serving()
    {
        using var renderer = new BackgroundRenderer("test render", threads: 1);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => renderer.Run<int, int>(static _ => throw new InvalidOperationException("bad snapshot"), 0));
        int next = await renderer.Run(static x => x + 1, 41);

        Assert.Equal("bad snapshot", thrown.Message);
        Assert.Equal(42, next);
    }

    [Fact]
    public async Task Queued_jobs_finish_before_dispose_returns()
    {
        var renderer = new BackgroundRenderer("test render", threads: 2);
        var jobs = new Task<int>[20];
        for (int i = 0; i < jobs.Length; i++)
            jobs[i] = renderer.Run(static x => x * 2, i);

        renderer.Dispose();

        for (int i = 0; i < jobs.Length; i++)
            Assert.Equal(i * 2, await jobs[i]);
    }

    [Fact]
    public void Nice_values_outside_0_to_19_and_no_threads_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackgroundRenderer("x", threads: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackgroundRenderer("x", threads: 1, nice: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackgroundRenderer("x", threads: 1, nice: 20));
    }

    // Field 19 of /proc/thread-self/stat (after the parenthesised command, which may hold spaces).
    private static int OwnNice()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
