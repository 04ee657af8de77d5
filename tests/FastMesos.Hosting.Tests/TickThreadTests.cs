using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Hosting.Tests;

/// <summary>The dedicated tick thread of the real clock: stopped until started, periodic, never overlapping, joined on dispose.</summary>
public sealed class TickThreadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_real_clock_ticks_on_its_own_thread_every_period_once_started()
    {
        using var ticked = new SemaphoreSlim(0);
        string? thread = null;
        int running = 0, overlapped = 0;
        ITimer timer = TickThread.Create(TimeProvider.System, _ =>
        {
            if (Interlocked.Increment(ref running) > 1)
                Interlocked.Increment(ref overlapped);
            thread = Thread.CurrentThread.Name;
            Interlocked.Decrement(ref running);
            ticked.Release();
        }, null, "test tick");
        Assert.IsType<TickThread>(timer);

        Assert.True(timer.Change(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)));
        for (int i = 0; i < 20; i++)
            Assert.True(ticked.Wait(Timeout), $"tick {i + 1} of 20 did not come");
        timer.Dispose();

        Assert.Equal("test tick", thread);
        Assert.Equal(0, overlapped);
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void No_tick_runs_after_dispose_returns_and_a_tick_may_dispose_its_own_timer()
    {
        int ticks = 0;
        using var disposedItself = new ManualResetEventSlim();
        ITimer? timer = null;
        timer = TickThread.Create(TimeProvider.System, _ =>
        {
            if (Interlocked.Increment(ref ticks) == 3)
            {
                timer!.Dispose();
                disposedItself.Set();
            }
        }, null, "test tick");
        timer.Change(TimeSpan.Zero, TimeSpan.FromMilliseconds(1));

        Assert.True(disposedItself.Wait(Timeout));
        timer.Dispose();

        Assert.Equal(3, Volatile.Read(ref ticks));
    }

    [Fact]
    public void A_stopped_timer_restarts_with_the_next_change()
    {
        using var ticked = new SemaphoreSlim(0);
        using ITimer timer = TickThread.Create(TimeProvider.System, _ => ticked.Release(), null, "test tick");
        timer.Change(TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.True(ticked.Wait(Timeout));

        // Stopped: a tick in flight may still finish, then none until the next Change.
        timer.Change(System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        while (ticked.Wait(TimeSpan.Zero))
        {
        }

        timer.Change(TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan);
        Assert.True(ticked.Wait(Timeout), "the restarted timer did not tick");
    }

    [Fact]
    public void A_fake_clock_keeps_its_own_timer_and_ticks_when_advanced()
    {
        var time = new FakeTimeProvider();
        int ticks = 0;
        using ITimer timer = TickThread.Create(time, _ => ticks++, null, "test tick");
        Assert.IsNotType<TickThread>(timer);

        timer.Change(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        time.Advance(TimeSpan.FromMilliseconds(35));

        Assert.Equal(3, ticks);
    }
}
