using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>Holds scheduled flushes until the test runs them, so "one flush per burst" is observable exactly.</summary>
public sealed class ManualFlushScheduler : PipeScheduler
{
    private readonly ConcurrentQueue<(Action<object?> Action, object? State)> _queue = new();

    public int Pending => _queue.Count;

    public override void Schedule(Action<object?> action, object? state) => _queue.Enqueue((action, state));

    public int RunAll()
    {
        int ran = 0;
        while (_queue.TryDequeue(out var item))
        {
            item.Action(item.State);
            ran++;
        }

        return ran;
    }
}
