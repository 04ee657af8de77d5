using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// Marathon's work loop: one item at a time, calls (REST) before queued background work, background
/// work never starved, failures kept to their item, queued work run on dispose.
/// </summary>
public sealed class SerialExecutorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Queued_calls_go_first_but_a_waiting_background_item_runs_after_max_calls_in_a_row()
    {
        var ran = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var executor = new SerialExecutor(log: null);
        await using (executor)
        {
            // The loop is held by a first item while both lanes fill up.
            var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            executor.Post(() =>
            {
                holding.SetResult();
                return gate.Task;
            }, "gate");
            await holding.Task.WaitAsync(Timeout);
            for (int i = 1; i <= 3; i++)
            {
                string name = "b" + i;
                executor.Post(() => Record(ran, name), name);
            }
            int calls = SerialExecutor.MaxCallsInARow + 2;
            var answers = new List<Task<int>>();
            for (int i = 1; i <= calls; i++)
            {
                int n = i;
                answers.Add(executor.RunAsync(async () =>
                {
                    await Record(ran, "c" + n);
                    return n;
                }));
            }
            gate.SetResult();
            int[] results = await Task.WhenAll(answers).WaitAsync(Timeout);
            Assert.Equal(Enumerable.Range(1, calls), results);
        }   // disposing runs b2 and b3

        var expected = new List<string>();
        for (int i = 1; i <= SerialExecutor.MaxCallsInARow; i++)
            expected.Add("c" + i);
        expected.Add("b1");
        expected.Add("c" + (SerialExecutor.MaxCallsInARow + 1));
        expected.Add("c" + (SerialExecutor.MaxCallsInARow + 2));
        expected.Add("b2");
        expected.Add("b3");
        Assert.Equal(expected, ran);
    }

    [Fact]
    public async Task A_background_hold_lets_calls_run_and_keeps_background_work_until_it_ends()
    {
        var ran = new List<string>();
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var executor = new SerialExecutor(log: null);
        await using (executor)
        {
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            executor.Post(() =>
            {
                // A drain that started a write and must not be followed by background work before it lands.
                executor.HoldBackground(write.Task);
                held.SetResult();
                return Task.CompletedTask;
            }, "drain");
            await held.Task.WaitAsync(Timeout);
            executor.Post(() => Record(ran, "background"), "background");
            Assert.Equal(1, await executor.RunAsync(async () =>
            {
                await Record(ran, "call");
                return 1;
            }).WaitAsync(Timeout));
            Assert.Equal(["call"], ran);   // the call ran while the background item waited

            write.SetResult();
            Assert.Equal(2, await executor.RunAsync(() => Task.FromResult(2)).WaitAsync(Timeout));
        }
        Assert.Equal(["call", "background"], ran);
    }

    [Fact]
    public async Task Dispose_waits_for_a_hold_and_then_runs_the_background_work()
    {
        var ran = new List<string>();
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var executor = new SerialExecutor(log: null);
        Assert.Equal(0, await executor.RunAsync(() =>
        {
            executor.HoldBackground(write.Task);
            return Task.FromResult(0);
        }).WaitAsync(Timeout));
        executor.Post(() => Record(ran, "background"), "background");
        ValueTask disposing = executor.DisposeAsync();
        Assert.False(disposing.IsCompleted);
        write.SetException(new IOException("the write failed"));   // a failed write ends the hold too
        await disposing.AsTask().WaitAsync(Timeout);
        Assert.Equal(["background"], ran);
    }

    [Fact]
    public async Task Items_never_overlap_even_when_they_await()
    {
        var executor = new SerialExecutor(log: null);
        await using (executor)
        {
            int inside = 0;
            int overlaps = 0;
            var all = new List<Task<bool>>();
            for (int i = 0; i < 200; i++)
            {
                Func<Task> work = async () =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                        Interlocked.Increment(ref overlaps);
                    await Task.Yield();
                    Interlocked.Decrement(ref inside);
                };
                if (i % 3 == 0)
                    executor.Post(work, "background");
                else
                    all.Add(executor.RunAsync(async () => { await work(); return true; }));
            }
            await Task.WhenAll(all).WaitAsync(Timeout);
            Assert.Equal(0, overlaps);
        }
    }

    [Fact]
    public async Task A_failing_item_fails_its_caller_or_is_logged_and_the_loop_goes_on()
    {
        var logged = new List<string>();
        var executor = new SerialExecutor(line => { lock (logged) logged.Add(line); });
        await using (executor)
        {
            executor.Post(() => throw new InvalidOperationException("background broke"), "the broken item");
            await Assert.ThrowsAsync<ArgumentException>(() => executor.RunAsync<int>(() => throw new ArgumentException("call broke")).WaitAsync(Timeout));
            Assert.Equal(7, await executor.RunAsync(() => Task.FromResult(7)).WaitAsync(Timeout));
        }
        string line = Assert.Single(logged);
        Assert.StartsWith("E the broken item failed: System.InvalidOperationException: background broke", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_runs_what_is_queued_and_refuses_new_work()
    {
        var ran = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var executor = new SerialExecutor(log: null);
        executor.Post(() => gate.Task, "gate");
        executor.Post(() => Record(ran, "b"), "b");
        Task<int> call = executor.RunAsync(async () =>
        {
            await Record(ran, "c");
            return 1;
        });
        ValueTask disposing = executor.DisposeAsync();
        Assert.False(disposing.IsCompleted);
        gate.SetResult();
        await disposing.AsTask().WaitAsync(Timeout);

        Assert.Equal(1, await call);
        Assert.Equal(["c", "b"], ran);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => executor.RunAsync(() => Task.FromResult(0)));
        await executor.DisposeAsync();   // a second dispose does nothing more
    }

    private static async Task Record(List<string> ran, string name)
    {
        await Task.Yield();   // an item that awaits holds the loop all the same
        ran.Add(name);
    }
}
