using System.Text;
using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Marathon.Ha;

/// <summary>
/// A Marathon's place in the leader election (specs/marathon.md §8): one ZooKeeper session (shared
/// with the state store), an ephemeral sequential <c>member_##########</c> node under
/// <c>&lt;zk path&gt;/leader</c> holding this Marathon's <c>host:port</c>, and a detector that keeps
/// <see cref="Leader"/> current on every node. The lowest member leads.
/// <para>
/// Marathon lets it crash: this object is elected at most once, and the candidacy is never renewed.
/// <see cref="Lost"/> completes when it ends other than by <see cref="DisposeAsync"/> — the session
/// expired, the member node was deleted, or ZooKeeper was out of reach longer than the session timeout
/// (the server reports expiry only once a client reconnects, so a leader cannot wait for that) —
/// and the process then exits (103 as a leader, 101 as a standby), to be restarted by its supervisor.
/// </para>
/// </summary>
public sealed class MarathonElection : IAsyncDisposable
{
    public const string MemberPrefix = "member_";

    private readonly ZooKeeperClient _client;
    private readonly LeaderDetector _detector;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private LeaderElection? _election;
    private ITimer? _disconnectedTimer;
    private string? _leader;
    private int _disposed;

    private MarathonElection(ZooKeeperClient client, LeaderDetector detector, string id, TimeProvider time, Action<string>? log)
    {
        _client = client;
        _detector = detector;
        Id = id;
        _time = time;
        _log = log;
    }

    /// <summary>This Marathon's participant id, <c>host:port</c> of its REST API.</summary>
    public string Id { get; }

    /// <summary>The session, which the state store shares.</summary>
    public ZooKeeperClient Client => _client;

    /// <summary>The leader's <c>host:port</c> as ZooKeeper shows it (this Marathon's own id once elected); null when none.</summary>
    public string? Leader
    {
        get
        {
            lock (_lock)
                return _leader;
        }
    }

    /// <summary>Completes when this Marathon is elected.</summary>
    public Task Elected => _election!.Elected;

    public bool IsLeader => _election?.IsLeader ?? false;

    /// <summary>Completes with the reason when the candidacy ended other than by <see cref="DisposeAsync"/>.</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>The election group of a --zk path: <c>&lt;path&gt;/leader</c>.</summary>
    public static string ElectionGroup(string group) => ZNode.Combine(group, "leader");

    /// <summary>
    /// Joins the election under <paramref name="group"/>/leader as <paramref name="id"/> on
    /// <paramref name="client"/>'s session, which this object then owns (closes on dispose).
    /// </summary>
    public static async Task<MarathonElection> StartAsync(ZooKeeperClient client, string group, string id, TimeProvider time, Action<string>? log,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        string leaderGroup = ElectionGroup(group);
        LeaderDetector detector = LeaderDetector.Start(client, leaderGroup, MemberPrefix);
        var election = new MarathonElection(client, detector, id, time, log);
        detector.LeaderChanged += election.OnDetected;
        election.OnDetected(detector.Current);
        try
        {
            LeaderElection joined = await LeaderElection.JoinAsync(client, leaderGroup, Encoding.UTF8.GetBytes(id), MemberPrefix, cancellationToken)
                .ConfigureAwait(false);
            lock (election._lock)
                election._election = joined;
        }
        catch
        {
            await election.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        client.StateChanged += election.OnStateChanged;
        _ = election._election.Ended.ContinueWith(static (_, s) => ((MarathonElection)s!).OnEnded(), election,
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        election._log?.Invoke($"I Joined the leader election as {election._election.MemberPath} ({id})");
        return election;
    }

    private void OnDetected(LeaderInfo? leader)
    {
        string? id = leader is null ? null : Encoding.UTF8.GetString(leader.Data);
        lock (_lock)
            _leader = string.IsNullOrEmpty(id) ? null : id;
        _log?.Invoke(id is null ? "I No leading Marathon" : $"I The leading Marathon is {id}");
    }

    private void OnStateChanged(ZooKeeperState state)
    {
        lock (_lock)
        {
            if (_disposed != 0)
                return;
            if (state == ZooKeeperState.Disconnected && _disconnectedTimer is null)
                _disconnectedTimer = _time.CreateTimer(static s => ((MarathonElection)s!).OnDisconnectedTooLong(), this, _client.SessionTimeout, Timeout.InfiniteTimeSpan);
            else if (state != ZooKeeperState.Disconnected)
            {
                _disconnectedTimer?.Dispose();
                _disconnectedTimer = null;
            }
        }
    }

    private void OnDisconnectedTooLong()
    {
        if (_client.State == ZooKeeperState.Disconnected)
            Lose($"disconnected from ZooKeeper for longer than the session timeout ({_client.SessionTimeout.TotalMilliseconds:F0} ms)");
    }

    private void OnEnded() =>
        Lose(_client.State == ZooKeeperState.Expired ? "the ZooKeeper session expired" : "the member node was deleted");

    private void Lose(string reason)
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        if (_lost.TrySetResult(reason))
            _log?.Invoke($"W Left the leader election: {reason}");
    }

    /// <summary>Leaves the election at once (deletes the member node, closes the session), so a standby takes over without waiting for a timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_lock)
        {
            _disconnectedTimer?.Dispose();
            _disconnectedTimer = null;
        }
        if (_election is not null)
            await _election.DisposeAsync().ConfigureAwait(false);
        await _detector.DisposeAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
    }
}
