using FastMesos.Master;

namespace FastMesos.Scheduler.Tests;

/// <summary><c>fastmesos execute</c>'s engine end to end: a real master, the fake agent deciding by command text.</summary>
public sealed class SingleTaskRunnerTests
{
    [Fact]
    public async Task A_finishing_task_exits_0_and_tears_the_framework_down()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var output = new StringWriter();

        int code = await SingleTaskRunner.RunAsync(Options(master, "echo hello"), output).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(0, code);
        string text = output.ToString();
        Assert.Contains("Received status update TASK_RUNNING for task 'hello-", text);
        Assert.Contains("Received status update TASK_FINISHED for task 'hello-", text);
        var launched = Assert.Single(agent.Launched);
        Assert.Equal("echo hello", launched.Task.Command!.Value);
        Assert.Equal(0.1, launched.Task.Resources.Cpus, 6);
        await Eventually.Until(() => agent.Acknowledgements.Count == 2, "both updates acknowledged");
        Assert.Empty(master.Read(core => core.Frameworks.ToArray()));
    }

    [Fact]
    public async Task A_failing_task_exits_1()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var output = new StringWriter();

        int code = await SingleTaskRunner.RunAsync(Options(master, "exit 3 # fail"), output).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(1, code);
        Assert.Contains("Received status update TASK_FAILED", output.ToString());
    }

    [Fact]
    public async Task Offers_too_small_are_declined_and_the_fitting_one_is_used()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent small = await FakeAgent.StartAsync(master.LocalEndPoint, "cpus:0.05;mem:16", "small");
        await using FakeAgent big = await FakeAgent.StartAsync(master.LocalEndPoint, "cpus:1;mem:256", "big");
        var output = new StringWriter();

        int code = await SingleTaskRunner.RunAsync(Options(master, "true"), output).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(0, code);
        Assert.Empty(small.Launched);
        Assert.Single(big.Launched);
    }

    [Fact]
    public async Task No_fitting_offer_times_out_with_exit_1()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint, "cpus:0.05;mem:16");
        var output = new StringWriter();

        int code = await SingleTaskRunner.RunAsync(Options(master, "true") with { Timeout = TimeSpan.FromMilliseconds(300) }, output)
            .WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(1, code);
        Assert.Contains("Timed out", output.ToString());
        Assert.Empty(agent.Launched);
    }

    private static SingleTaskOptions Options(MasterServer master, string command) => new()
    {
        Master = master.LocalEndPoint,
        Name = "hello",
        Command = command,
        Resources = "cpus:0.1;mem:32",
        User = "root",
    };
}
