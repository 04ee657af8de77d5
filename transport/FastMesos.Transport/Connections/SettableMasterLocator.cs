using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// A locator whose leader is set from outside: what a detector (ZooKeeper, a test, an in-process
/// cluster) publishes into. Setting the same address again changes nothing and raises nothing.
/// </summary>
public sealed class SettableMasterLocator : IMasterLocator
{
    private readonly Lock _lock = new();
    private readonly string? _description;
    private EndPoint? _current;

    // Invariant: completed with _current when _current is not null; pending while it is null.
    private TaskCompletionSource<EndPoint> _known = NewSignal();

    /// <param name="initial">The leader known at once, or null.</param>
    /// <param name="description">What <see cref="ToString"/> says (e.g. the zk:// url); null: the current leader.</param>
    public SettableMasterLocator(EndPoint? initial = null, string? description = null)
    {
        _description = description;
        if (initial is not null)
            Set(initial);
    }

    public EndPoint? Current
    {
        get
        {
            lock (_lock)
                return _current;
        }
    }

    public event Action? Changed;

    /// <summary>Publishes the leader (null: none known); raises <see cref="Changed"/> when it differs from the last one.</summary>
    public void Set(EndPoint? master)
    {
        lock (_lock)
        {
            if (Equals(_current, master))
                return;
            _current = master;
            if (_known.Task.IsCompleted)
                _known = NewSignal();
            if (master is not null)
                _known.SetResult(master);
        }

        Changed?.Invoke();
    }

    public ValueTask<EndPoint> WaitForMasterAsync(CancellationToken cancellationToken)
    {
        Task<EndPoint> known;
        lock (_lock)
        {
            if (_current is { } current)
                return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<EndPoint>(cancellationToken) : new(current);
            known = _known.Task;
        }

        return new(known.WaitAsync(cancellationToken));
    }

    public override string ToString() => _description ?? Current?.ToString() ?? "(no leading master)";

    private static TaskCompletionSource<EndPoint> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
