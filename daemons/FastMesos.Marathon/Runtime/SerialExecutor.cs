using System.Threading.Channels;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Runs work items one at a time, in the order they were posted: Marathon's state (groups,
/// instances, deployments, the launch queue) is owned by this loop, so REST calls, offers, status
/// updates and timers never race. A work item may await (the store); the next starts only after it
/// completed. A failing item fails its own caller, never the loop.
/// </summary>
internal sealed class SerialExecutor : IAsyncDisposable
{
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Action<string>? _log;

    public SerialExecutor(Action<string>? log)
    {
        _log = log;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Posts <paramref name="work"/> and completes with its result.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(async () =>
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

    /// <summary>Posts <paramref name="work"/> without waiting; a failure is logged.</summary>
    public void Post(Func<Task> work, string what)
    {
        _work.Writer.TryWrite(async () =>
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

    private async Task LoopAsync()
    {
        await foreach (Func<Task> item in _work.Reader.ReadAllAsync().ConfigureAwait(false))
            await item().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
