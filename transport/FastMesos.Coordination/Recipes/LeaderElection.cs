namespace FastMesos.Coordination.Recipes;

/// <summary>
/// One contender in a leader election (ZooKeeper's recipe): it creates an ephemeral sequential node
/// <c>group/prefix##########</c>; the lowest sequence leads. Each contender watches only its
/// predecessor and its own node (exists watches), so a departure wakes one contender, not the whole
/// group (no herd), and a standby whose node was deleted notices.
/// The candidacy ends (<see cref="Ended"/>) when the session expires, the client is disposed, the
/// member node is deleted, or this object is disposed (which deletes the node).
/// </summary>
public sealed class LeaderElection : IAsyncDisposable
{
    private static readonly Task Never = new TaskCompletionSource().Task;
    private readonly ZooKeeperClient _client;
    private readonly string _group;
    private readonly string _prefix;
    private readonly string _name;
    private readonly TaskCompletionSource _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _evaluations;

    // A standby's watch on its own node (only the loop touches it): its deletion ends the candidacy even
    // though the predecessor did not change. Re-armed only once it fired, so one registration is outstanding.
    private TaskCompletionSource? _self;

    private LeaderElection(ZooKeeperClient client, string group, string prefix, string memberPath)
    {
        _client = client;
        _group = group;
        _prefix = prefix;
        MemberPath = memberPath;
        _name = memberPath[(memberPath.LastIndexOf('/') + 1)..];
    }

    /// <summary>This contender's node, e.g. <c>/fastmesos/json.info_0000000003</c>.</summary>
    public string MemberPath { get; }

    /// <summary>Completes when this contender becomes the leader (it stays leader until <see cref="Ended"/>).</summary>
    public Task Elected => _elected.Task;

    public bool IsLeader => _elected.Task.IsCompleted && !_ended.Task.IsCompleted;

    /// <summary>Completes when the candidacy (or leadership) is over; a new one needs a new JoinAsync.</summary>
    public Task Ended => _ended.Task;

    /// <summary>How many times the contender looked at the group: one per predecessor change, for the no-herd tests.</summary>
    internal int Evaluations => Volatile.Read(ref _evaluations);

    /// <summary>
    /// Joins the election under <paramref name="group"/> (created if missing) with <paramref name="data"/>
    /// as the member node's content (what leader detectors read). A connection loss during the create
    /// throws: the node may exist, and it disappears with the session.
    /// </summary>
    public static Task<LeaderElection> JoinAsync(ZooKeeperClient client, string group, byte[] data, string prefix = "member_",
        CancellationToken cancellationToken = default) =>
        JoinAsync(client, group, data, prefix, Acl.OpenUnsafe, cancellationToken);

    /// <summary>
    /// The same, creating the member node and the missing group path with <paramref name="acl"/>, e.g.
    /// <see cref="Acl.EveryoneReadCreatorAll"/> for a client with digest credentials: detectors without
    /// credentials can still read the group and the leader's data, but not change them.
    /// </summary>
    public static async Task<LeaderElection> JoinAsync(ZooKeeperClient client, string group, byte[] data, string prefix, IReadOnlyList<Acl> acl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(acl);
        if (prefix.Contains('/'))
            throw new ArgumentException("the member prefix must not contain '/'", nameof(prefix));
        await GroupMembers.EnsurePathAsync(client, group, acl, cancellationToken).ConfigureAwait(false);
        string path = await client.CreateAsync(GroupMembers.Combine(group, prefix), data, CreateMode.EphemeralSequential, acl, cancellationToken).ConfigureAwait(false);
        var election = new LeaderElection(client, group, prefix, path);
        election._loop = Task.Run(election.RunAsync);
        return election;
    }

    /// <summary>Leaves the election: deletes the member node (the next contender takes over) and stops watching.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
        try
        {
            await _client.DeleteAsync(MemberPath).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ZooKeeperException or ObjectDisposedException)
        {
            // Already gone with the node or the session.
        }

        _ended.TrySetResult();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!await EvaluateAsync().ConfigureAwait(false))
                    break;
            }
            catch (ConnectionLossException)
            {
                // The client is reconnecting; the next call waits for it. The session (and our node) may live on.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SessionExpiredException or ObjectDisposedException)
            {
                break;
            }
        }

        _ended.TrySetResult();
    }

    /// <summary>One look at the group; waits for the watched node to change. False when the candidacy is over.</summary>
    private async Task<bool> EvaluateAsync()
    {
        Interlocked.Increment(ref _evaluations);
        (List<string> children, _) = await _client.GetChildrenAsync(_group, cancellationToken: _stop.Token).ConfigureAwait(false);
        List<string> members = GroupMembers.Ordered(children, _prefix);
        int index = members.IndexOf(_name);
        if (index < 0)
            return false; // our node is gone: the session ended or someone deleted it

        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The leader watches its own node (its deletion ends the leadership); the others their predecessor.
        string watched = GroupMembers.Combine(_group, members[index == 0 ? 0 : index - 1]);
        Stat? stat = await _client.ExistsAsync(watched, _ => changed.TrySetResult(), _stop.Token).ConfigureAwait(false);
        if (stat is null)
            return true; // it went away between the two calls: look again
        if (index == 0)
            _elected.TrySetResult();
        Task self = Never;
        if (index > 0)
        {
            if (_self is null || _self.Task.IsCompleted)
            {
                var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (await _client.ExistsAsync(MemberPath, _ => armed.TrySetResult(), _stop.Token).ConfigureAwait(false) is null)
                    return false; // our node is gone
                _self = armed;
            }

            self = _self.Task;
        }

        Task woke = await Task.WhenAny(changed.Task, self, _client.Expired, _client.Closed).WaitAsync(_stop.Token).ConfigureAwait(false);
        return woke == changed.Task || woke == self;
    }
}
