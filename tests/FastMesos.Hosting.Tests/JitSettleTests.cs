using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Hosting.Tests;

/// <summary>
/// <see cref="JitSettle"/> on a fake clock and a scripted count of compiled methods. The test moves
/// the clock one poll at a time; after each, the wait has either ended or set its next timer, which
/// the clock counts, so the test knows which without sleeping.
/// </summary>
public sealed class JitSettleTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// still: the count never moves, so the wait is quiet after the quiet time (6 polls) and not before;
    /// twice: it moves at the 2nd and the 4th poll (100 and 200 ms), each move starting the quiet time
    /// again, then rests (4 + 6 polls); always: it never rests, and the wait gives up at the limit (40 polls).
    /// </summary>
    [Theory]
    [InlineData("still", true, 6)]
    [InlineData("twice", true, 4 + 6)]
    [InlineData("always", false, 40)]
    public async Task The_wait_ends_when_the_count_rested_for_the_quiet_time_or_at_the_limit(string count, bool quiet, int expectedPolls)
    {
        Func<int, long> script = count switch
        {
            "still" => _ => 100,
            "twice" => reading => reading < 2 ? 10 : reading < 4 ? 11 : 12,
            _ => reading => reading,
        };
        var clock = new TimerCountingClock();
        Task<bool> settled = JitSettle.WaitAsync(Quiet, Limit, Scripted(script), clock, CancellationToken.None);

        int polls = await PollUntilDoneAsync(settled, clock);

        Assert.Equal(quiet, await settled);
        Assert.Equal(expectedPolls, polls);
        Assert.Equal(Quiet, JitSettle.Poll * 6);
        Assert.Equal(Limit, JitSettle.Poll * 40);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait()
    {
        var clock = new TimerCountingClock();
        using var cancel = new CancellationTokenSource();
        Task<bool> settled = JitSettle.WaitAsync(Quiet, Limit, Scripted(reading => reading), clock, cancel.Token);
        await clock.TimersReachedAsync(1, settled);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => settled.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    // The n-th reading (from 0, the one before the first poll) returns countAtReading(n).
    private static Func<long> Scripted(Func<int, long> countAtReading)
    {
        int readings = 0;
        return () => countAtReading(Interlocked.Increment(ref readings) - 1);
    }

    // Moves the clock one poll at a time until the wait ends; returns how many polls it took.
    private static async Task<int> PollUntilDoneAsync(Task<bool> settled, TimerCountingClock clock)
    {
        await clock.TimersReachedAsync(1, settled);
        int polls = 0;
        while (!settled.IsCompleted)
        {
            Assert.True(polls < 1000, "the wait never ended");
            clock.Advance(JitSettle.Poll);
            polls++;
            await clock.TimersReachedAsync(polls + 1, settled);
        }

        return polls;
    }

    /// <summary>A fake clock that counts the timers made on it (each poll's delay is one).</summary>
    private sealed class TimerCountingClock : FakeTimeProvider
    {
        private readonly Lock _gate = new();
        private int _timers;
        private TaskCompletionSource _made = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            TaskCompletionSource made;
            lock (_gate)
            {
                _timers++;
                made = _made;
                _made = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            made.TrySetResult();
            return timer;
        }

        /// <summary>Completes once <paramref name="count"/> timers were made or <paramref name="orDone"/> ended.</summary>
        public async Task TimersReachedAsync(int count, Task orDone)
        {
            while (!orDone.IsCompleted)
            {
                Task next;
                lock (_gate)
                {
                    if (_timers >= count)
                        return;
                    next = _made.Task;
                }

                await Task.WhenAny(next, orDone).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }
}
