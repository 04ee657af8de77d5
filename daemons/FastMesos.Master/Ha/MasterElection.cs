using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Master.Ha;

/// <summary>
/// A master's contender and detector (specs/mesos.md §6.1–6.3): a ZooKeeper session, an ephemeral
/// sequential <c>json.info_##########</c> member node under the --zk path holding this master's
/// MasterInfo JSON, and a detector that keeps <see cref="MasterLeadership.Leader"/> current for
/// standbys. With digest credentials in the URL the group path and member nodes are created
/// world-readable, creator-only otherwise (<see cref="Acl.EveryoneReadCreatorAll"/>).
/// <para>
/// Only a leader's loss is fatal (<see cref="Lost"/>): its session expires, its node is deleted, or it
/// stays disconnected from ZooKeeper longer than the session timeout (the server reports expiry only
/// once a client reconnects, so the leader cannot wait for that). A standby whose candidacy ends
/// opens a new session and joins again with a new member node. Disposing leaves the election at
/// once (the node is deleted and the session closed), so the next standby takes over without
/// waiting for a session timeout.
/// </para>
/// </summary>
public sealed class MasterElection : IAsyncDisposable
{
    /// <summary>Mesos' MASTER_INFO_JSON_LABEL followed by the sequence separator.</summary>
    public const string MemberPrefix = "json.info_";

    private readonly string _ensemble;
    private readonly string _group;
    private readonly ZooKeeperClientOptions _clientOptions;
    private readonly IReadOnlyList<Acl> _acl;
    private readonly byte[] _masterInfo;
    private readonly MasterLeadership _leadership;
    private readonly Action<string> _say;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rejoinDelay;
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _lock = new();

    // Guarded by _lock. Invariant: _candidacy is the only candidacy whose events count; once _leading
    // is true it never changes, and the candidacy is never replaced.
    private MasterCandidacy? _candidacy;
    private bool _leading;
    private ITimer? _disconnectedTimer;
    private Task _rejoin = Task.CompletedTask;
    private string? _lostReason;
    private int _rejoins;
    private int _disposed;

    private MasterElection(MasterZooKeeperOptions options, string ensemble, string group, byte[] masterInfo, MasterLeadership leadership, Action<string> say)
    {
        _ensemble = ensemble;
        _group = group;
        _masterInfo = masterInfo;
        _leadership = leadership;
        _say = say;
        _time = options.TimeProvider;
        _rejoinDelay = options.RejoinDelay;
        _clientOptions = new ZooKeeperClientOptions { SessionTimeout = options.SessionTimeout, TimeProvider = options.TimeProvider, Log = say };
        _acl = ZooKeeperConnectionString.Parse(ensemble).User is null ? Acl.OpenUnsafe : Acl.EveryoneReadCreatorAll;
    }

    /// <summary>This master's current member node, e.g. <c>/mesos/json.info_0000000003</c> (a standby's changes when it rejoins).</summary>
    public string MemberPath
    {
        get
        {
            lock (_lock)
                return _candidacy!.Election.MemberPath;
        }
    }

    /// <summary>
    /// Completes when this master's leadership ended other than by <see cref="DisposeAsync"/>: the session
    /// expired, the node was deleted, or ZooKeeper was out of reach longer than the session timeout.
    /// The master must then exit ("committing suicide"). Never completes for a standby.
    /// </summary>
    public Task Lost => _lost.Task;

    /// <summary>Why <see cref="Lost"/> completed; null before.</summary>
    public string? LostReason
    {
        get
        {
            lock (_lock)
                return _lostReason;
        }
    }

    /// <summary>How many times this master, as a standby, joined the election again with a new session.</summary>
    public int Rejoins
    {
        get
        {
            lock (_lock)
                return _rejoins;
        }
    }

    /// <summary>The ACL of the nodes this master creates: open without credentials, world-read + creator-all with them.</summary>
    public IReadOnlyList<Acl> NodeAcl => _acl;

    /// <summary>The current session's client, for tests that act on the session.</summary>
    internal ZooKeeperClient Client
    {
        get
        {
            lock (_lock)
                return _candidacy!.Client;
        }
    }

    /// <summary>
    /// Splits a --zk URL into the ensemble to connect to and the election group: the URL's path is a
    /// znode path (as in Mesos), not a chroot. Throws <see cref="FormatException"/> when it is malformed
    /// or has no path.
    /// </summary>
    public static (string Ensemble, string Group) Split(string url) => ZooKeeperConnectionString.SplitGroup(url);

    /// <summary>
    /// Connects, starts detecting, then joins the election with <paramref name="masterInfo"/> as the
    /// member node's data. <paramref name="leadership"/> becomes elected when this member is the lowest.
    /// </summary>
    public static async Task<MasterElection> StartAsync(MasterZooKeeperOptions options, byte[] masterInfo, MasterLeadership leadership,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(masterInfo);
        ArgumentNullException.ThrowIfNull(leadership);
        (string ensemble, string group) = Split(options.Url);
        var election = new MasterElection(options, ensemble, group, masterInfo, leadership, log ?? (static _ => { }));
        MasterCandidacy candidacy = await election.OpenAsync(cancellationToken).ConfigureAwait(false);
        lock (election._lock)
            election._candidacy = candidacy;
        election.Attach(candidacy);
        election._say($"Joined the election as {candidacy.Election.MemberPath}");
        return election;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Task rejoin;
        lock (_lock)
        {
            _disposing.Cancel();
            _disconnectedTimer?.Dispose();
            _disconnectedTimer = null;
            rejoin = _rejoin;
        }

        // A rejoin in flight either installs its candidacy before it sees the cancellation or disposes it itself.
        await rejoin.ConfigureAwait(false);
        MasterCandidacy? candidacy;
        lock (_lock)
            candidacy = _candidacy;
        if (candidacy is not null)
            await candidacy.DisposeAsync().ConfigureAwait(false);
    }

    private Task<MasterCandidacy> OpenAsync(CancellationToken cancellationToken) =>
        MasterCandidacy.OpenAsync(_ensemble, _group, _clientOptions, _acl, _masterInfo, OnDetected, cancellationToken);

    private void OnDetected(LeaderInfo? leader)
    {
        DetectedMaster? detected = leader is null ? null : MasterInfoJson.TryRead(leader.Data);
        _leadership.SetDetected(detected);
        _say(detected is null ? "No leading master detected" : $"Detected a new leader: {detected.Pid}");
    }

    /// <summary>Follows <paramref name="candidacy"/>'s election and connection; called once it is <see cref="_candidacy"/>.</summary>
    private void Attach(MasterCandidacy candidacy)
    {
        candidacy.Client.StateChanged += state => OnStateChanged(candidacy, state);
        _ = candidacy.Election.Elected.ContinueWith((_, s) => OnElected((MasterCandidacy)s!), candidacy,
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        _ = candidacy.Election.Ended.ContinueWith((_, s) => OnEnded((MasterCandidacy)s!), candidacy,
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        // A disconnection before the handler was attached is seen here instead.
        if (candidacy.Client.State == ZooKeeperState.Disconnected)
            OnStateChanged(candidacy, ZooKeeperState.Disconnected);
    }

    private void OnElected(MasterCandidacy candidacy)
    {
        lock (_lock)
        {
            if (candidacy != _candidacy || _disposing.IsCancellationRequested || _lost.Task.IsCompleted)
                return;
            _leading = true;
            // Elected while a disconnection was already being timed: that timer now guards a leader.
        }

        _leadership.SetElected();
        _say("Elected as the leading master");
    }

    private void OnStateChanged(MasterCandidacy candidacy, ZooKeeperState state)
    {
        lock (_lock)
        {
            if (candidacy != _candidacy || _disposing.IsCancellationRequested || _lost.Task.IsCompleted)
                return;
            if (state == ZooKeeperState.Disconnected && _disconnectedTimer is null)
            {
                // Timed for standbys too, but only a leader acts on it (OnDisconnectedTooLong).
                _disconnectedTimer = _time.CreateTimer(static s => ((MasterElection)s!).OnDisconnectedTooLong(), this,
                    candidacy.Client.SessionTimeout, Timeout.InfiniteTimeSpan);
            }
            else if (state != ZooKeeperState.Disconnected)
            {
                _disconnectedTimer?.Dispose();
                _disconnectedTimer = null;
            }
        }
    }

    private void OnDisconnectedTooLong()
    {
        TimeSpan timeout;
        lock (_lock)
        {
            _disconnectedTimer?.Dispose();
            _disconnectedTimer = null;
            if (!_leading || _candidacy is null || _candidacy.Client.State != ZooKeeperState.Disconnected)
                return;
            timeout = _candidacy.Client.SessionTimeout;
        }

        Lose($"disconnected from ZooKeeper for longer than the session timeout ({timeout.TotalMilliseconds:F0} ms)");
    }

    private void OnEnded(MasterCandidacy candidacy)
    {
        lock (_lock)
        {
            if (candidacy != _candidacy || _disposing.IsCancellationRequested || _lost.Task.IsCompleted)
                return;
            if (!_leading && !candidacy.Election.Elected.IsCompleted)
            {
                // §6.3: a standby waits to rejoin the election; losing its session is not fatal.
                _disconnectedTimer?.Dispose();
                _disconnectedTimer = null;
                _rejoin = Task.Run(() => RejoinAsync(candidacy));
                return;
            }
        }

        Lose(candidacy.Client.State == ZooKeeperState.Expired ? "the ZooKeeper session expired" : "the member node was deleted");
    }

    private void Lose(string reason)
    {
        lock (_lock)
        {
            if (_disposing.IsCancellationRequested || _lost.Task.IsCompleted)
                return;
            _lostReason = reason;
            _disconnectedTimer?.Dispose();
            _disconnectedTimer = null;
        }

        _say($"Lost leadership: {reason}");
        _lost.TrySetResult();
    }

    /// <summary>Replaces a standby's ended candidacy by a new session and member node, retrying until ZooKeeper answers.</summary>
    private async Task RejoinAsync(MasterCandidacy old)
    {
        bool expired = old.Client.State == ZooKeeperState.Expired;
        _say(expired
            ? "ZooKeeper session expired while standing by; rejoining the election with a new session"
            : "Lost the candidacy while standing by (member node gone); rejoining the election");
        if (expired)
            _leadership.SetDetected(null); // what the old session's detector saw may be stale
        await old.DisposeAsync().ConfigureAwait(false);
        CancellationToken stop = _disposing.Token;
        while (!stop.IsCancellationRequested)
        {
            MasterCandidacy next;
            try
            {
                next = await OpenAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ZooKeeperException e)
            {
                _say($"Rejoining the election failed: {e.Message}");
                try
                {
                    await Task.Delay(_rejoinDelay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            bool installed;
            lock (_lock)
            {
                installed = !stop.IsCancellationRequested;
                if (installed)
                {
                    _candidacy = next;
                    _rejoins++;
                }
            }

            if (!installed)
            {
                await next.DisposeAsync().ConfigureAwait(false);
                return;
            }

            _say($"Rejoined the election as {next.Election.MemberPath}");
            Attach(next);
            return;
        }
    }
}
