namespace FastMesos.Hosting.Tests;

public class ShutdownSignalTests
{
    [Fact]
    public void First_trigger_cancels_and_names_the_signal()
    {
        using ShutdownSignal shutdown = ShutdownSignal.Unregistered();
        Assert.False(shutdown.IsRequested);
        Assert.False(shutdown.Token.IsCancellationRequested);
        Assert.Null(shutdown.SignalName);
        Assert.False(shutdown.WhenRequested.IsCompleted);

        Assert.True(shutdown.Trigger("SIGTERM"));
        Assert.True(shutdown.IsRequested);
        Assert.True(shutdown.Token.IsCancellationRequested);
        Assert.True(shutdown.WhenRequested.IsCompletedSuccessfully);
        Assert.Equal("SIGTERM", shutdown.SignalName);
    }

    [Fact]
    public void Later_triggers_return_false_and_keep_the_first_name()
    {
        using ShutdownSignal shutdown = ShutdownSignal.Unregistered();
        Assert.True(shutdown.Trigger("SIGINT"));
        Assert.False(shutdown.Trigger("SIGTERM"));
        Assert.False(shutdown.Trigger("SIGINT"));
        Assert.Equal("SIGINT", shutdown.SignalName);
    }

    [Fact]
    public void Concurrent_triggers_have_exactly_one_winner()
    {
        using ShutdownSignal shutdown = ShutdownSignal.Unregistered();
        int winners = 0;
        Parallel.For(0, 64, i =>
        {
            if (shutdown.Trigger("T" + i))
                Interlocked.Increment(ref winners);
        });
        Assert.Equal(1, winners);
        Assert.StartsWith("T", shutdown.SignalName);
    }

    [Fact]
    public async Task Trigger_does_not_wait_for_token_callbacks()
    {
        using ShutdownSignal shutdown = ShutdownSignal.Unregistered();
        using var gate = new ManualResetEventSlim();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration _ = shutdown.Token.Register(() =>
        {
            gate.Wait(TimeSpan.FromSeconds(30)); // a slow drain must not block the signal thread
            done.TrySetResult();
        });
        Assert.True(shutdown.Trigger("SIGTERM")); // returns while the callback is still blocked
        Assert.False(done.Task.IsCompleted);
        gate.Set();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Registering_and_disposing_real_handlers_works()
    {
        var shutdown = new ShutdownSignal();
        shutdown.Dispose();
        shutdown.Dispose();
        Assert.False(shutdown.IsRequested);
    }
}
