namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Runs work items one at a time: Marathon's state (groups, instances, deployments, the launch
/// queue) is owned by this loop, so REST calls, offers, status updates and timers never race. A
/// work item may await (the store); the next starts only after it completed. A failing item fails
/// its own caller, never the loop.
/// <para>
/// Two lanes, each in the order it was posted: <b>calls</b> (<see cref="RunAsync{T}"/>: work a
/// caller waits for, the REST API) and <b>background</b> (<see cref="Post"/>: offers, status
/// updates, timers). A queued call goes before queued background work, so the API answers within
/// the item running now plus the calls ahead of it and a few background items, not behind every
/// offer batch and status drain queued meanwhile (a 1,000 × 1,000 deploy queued POSTs for 76 ms at
/// the median and 766 ms at the p99 with one lane; perf-reports/2026-12-07-deploy-api-latency/).
/// Background work is not starved: after <see cref="MaxCallsInARow"/> calls in a row, a waiting
/// background item runs (with 8 in a row the launches waited for the POSTs and the deploy took
/// longer; 2 and 4 kept its pace, 4 with the lower latency).
/// </para>
/// <para>
/// Which lane runs next is decided by what is queued (and a background hold), not by time: an item
/// never runs concurrently with another, and each lane keeps its order.
/// </para>
/// </summary>
internal sealed class SerialExecutor : IAsyncDisposable
{
    /// <summary>Calls run back to back at most this often while background work waits.</summary>
    internal const int MaxCallsInARow = 4;

    private readonly Lock _gate = new();
    private readonly Queue<Func<Task>> _calls = new();
    private readonly Queue<Func<Task>> _background = new();

    private readonly Task _loop;
    private readonly Action<string>? _log;
    private bool _closed;
    private int _callsInARow;

    /// <summary>Set while the loop waits with nothing runnable: completed by the next item queued.</summary>
    private TaskCompletionSource? _wake;

    /// <summary>Background items start only once this completed (<see cref="HoldBackground"/>).</summary>
    private Task? _hold;

    public SerialExecutor(Action<string>? log)
    {
        _log = log;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues <paramref name="work"/> in the calls lane and completes with its result.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryEnqueue(_calls, async () =>
            {
                try
                {
                    done.TrySetResult(await work().ConfigureAwait(false));
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            }))
        {
            done.TrySetException(new ObjectDisposedException(nameof(SerialExecutor)));
        }
        return done.Task;
    }

    /// <summary>Queues <paramref name="work"/> in the background lane without waiting; a failure is logged.</summary>
    public void Post(Func<Task> work, string what)
    {
        TryEnqueue(_background, async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log?.Invoke($"E {what} failed: {e}");
            }
        });
    }

    private bool TryEnqueue(Queue<Func<Task>> lane, Func<Task> item)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed)
                return false;
            lane.Enqueue(item);
            wake = _wake;
            _wake = null;
        }
        wake?.TrySetResult();
        return true;
    }

    /// <summary>
    /// Starts no background item until <paramref name="until"/> completed; calls still run
    /// meanwhile. Back-pressure for the background work that runs now: a status drain or an offer
    /// batch that must not start before an earlier store write landed holds the background lane
    /// instead of the whole loop, so the API is not kept waiting on a commit it does not need (the
    /// state is consistent: the item changed all it changes before it holds). Called from the
    /// loop, by a background item; a second hold adds to the first.
    /// </summary>
    public void HoldBackground(Task until)
    {
        if (until.IsCompleted)
            return;
        lock (_gate)
            _hold = _hold is null || _hold.IsCompleted ? until : Task.WhenAll(_hold, until);
    }

    /// <summary>
    /// The next item by the lanes' rule, or null with what to wait for: a new item (the wake-up)
    /// or the hold on the background lane to end. Null with nothing to wait for: closed and empty.
    /// </summary>
    private Func<Task>? Next(out Task? waitFor)
    {
        lock (_gate)
        {
            waitFor = null;
            bool backgroundReady = _background.Count > 0 && (_hold is null || _hold.IsCompleted);
            if (_calls.Count > 0 && (!backgroundReady || _callsInARow < MaxCallsInARow))
            {
                _callsInARow++;
                return _calls.Dequeue();
            }
            _callsInARow = 0;
            if (backgroundReady)
            {
                _hold = null;
                return _background.Dequeue();
            }
            if (_closed && _background.Count == 0)
                return null;   // closed and drained: the loop ends
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waitFor = _background.Count > 0 ? Task.WhenAny(_wake.Task, _hold!) : _wake.Task;
            return null;
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            if (Next(out Task? waitFor) is { } item)
                await item().ConfigureAwait(false);
            else if (waitFor is not null)
                await waitFor.ConfigureAwait(false);
            else
                return;
        }
    }

    /// <summary>Stops taking work, runs what is queued, then ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            _closed = true;
            wake = _wake;
            _wake = null;
        }
        wake?.TrySetResult();
        await _loop.ConfigureAwait(false);
    }
}
