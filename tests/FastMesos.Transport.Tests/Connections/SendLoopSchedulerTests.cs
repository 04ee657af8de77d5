using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>The send loop's wake-up is held during a capture and run on the capturing thread; otherwise it goes to the pool.</summary>
public sealed class SendLoopSchedulerTests
{
    [Fact]
    public void A_wake_up_during_a_capture_runs_on_the_capturing_thread_when_the_capture_ends()
    {
        int ranOn = 0;
        SendLoopScheduler.BeginCapture();
        SendLoopScheduler.Instance.Schedule(_ => ranOn = Environment.CurrentManagedThreadId, null);
        Assert.Equal(0, ranOn);

        SendLoopScheduler.RunCaptured();

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public async Task Outside_a_capture_and_after_the_first_wake_up_of_one_the_pool_runs_them()
    {
        var outside = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        SendLoopScheduler.Instance.Schedule(_ => outside.TrySetResult(Environment.CurrentManagedThreadId), null);
        await Wait.For(outside.Task, "the wake-up scheduled outside a capture");

        // Only the first wake-up of a capture is held: a second one must not wait for RunCaptured.
        // No await inside the capture: it belongs to this thread, so the wait blocks (bounded).
        using var second = new ManualResetEventSlim();
        bool firstRan = false;
        bool secondRan;
        SendLoopScheduler.BeginCapture();
        try
        {
            SendLoopScheduler.Instance.Schedule(_ => firstRan = true, null);
            SendLoopScheduler.Instance.Schedule(_ => second.Set(), null);
            secondRan = second.Wait(Wait.Default);
            Assert.False(firstRan);
        }
        finally
        {
            SendLoopScheduler.RunCaptured();
        }

        Assert.True(secondRan, "the second wake-up of a capture did not run on the pool");
        Assert.True(firstRan);
    }
}
