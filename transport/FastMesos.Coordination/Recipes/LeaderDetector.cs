namespace FastMesos.Coordination.Recipes;

/// <summary>
/// Follows the leader of an election group without joining it (how agents and schedulers find the
/// master): watches the group's children and the leader node's data, and reports every change of
/// leader (or its data) through <see cref="LeaderChanged"/>, in order, null while there is none.
/// </summary>
public sealed class LeaderDetector : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly string _group;
    private readonly string _prefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private LeaderInfo? _current;
    private bool _reported;
    private Task _loop = Task.CompletedTask;

    private LeaderDetector(ZooKeeperClient client, string group, string prefix)
    {
        _client = client;
        _group = group;
        _prefix = prefix;
    }

    /// <summary>Raised on the detector's loop with the new leader (null: none). Handlers must not block.</summary>
    public event Action<LeaderInfo?>? LeaderChanged;

    public LeaderInfo? Current
    {
        get
        {
            lock (_lock)
                return _current;
        }
    }

    public static LeaderDetector Start(ZooKeeperClient client, string group, string prefix = "member_")
    {
        var detector = new LeaderDetector(client, group, prefix);
        detector._loop = Task.Run(detector.RunAsync);
        return detector;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Action<WatchedEvent> wake = _ => changed.TrySetResult();
                LeaderInfo? leader = await LookAsync(wake).ConfigureAwait(false);
                Report(leader);
                Task woke = await Task.WhenAny(changed.Task, _client.Expired, _client.Closed).WaitAsync(_stop.Token).ConfigureAwait(false);
                if (woke != changed.Task)
                    return;
            }
            catch (ConnectionLossException)
            {
                // Reconnecting: the next call waits for the connection.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SessionExpiredException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the leader, leaving a watch that fires on the next change that matters.</summary>
    private async Task<LeaderInfo?> LookAsync(Action<WatchedEvent> wake)
    {
        List<string> children;
        try
        {
            (children, _) = await _client.GetChildrenAsync(_group, wake, _stop.Token).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            // No group yet: wait for its creation.
            if (await _client.ExistsAsync(_group, wake, _stop.Token).ConfigureAwait(false) is null)
                return null;
            wake(default);
            return null;
        }

        List<string> members = GroupMembers.Ordered(children, _prefix);
        if (members.Count == 0)
            return null;
        string path = GroupMembers.Combine(_group, members[0]);
        try
        {
            (byte[] data, _) = await _client.GetDataAsync(path, wake, _stop.Token).ConfigureAwait(false);
            return new LeaderInfo(path, data);
        }
        catch (NoNodeException)
        {
            // The leader left between the two calls; the child watch has fired or will.
            return null;
        }
    }

    private void Report(LeaderInfo? leader)
    {
        lock (_lock)
        {
            if (_reported && Same(_current, leader))
                return;
            _reported = true;
            _current = leader;
        }

        LeaderChanged?.Invoke(leader);
    }

    private static bool Same(LeaderInfo? a, LeaderInfo? b) =>
        a is null ? b is null : b is not null && a.Path == b.Path && a.Data.AsSpan().SequenceEqual(b.Data);
}
