using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Master.Ha;

/// <summary>
/// A master's contender and detector (specs/mesos.md §6.1): one ZooKeeper session, an ephemeral
/// sequential <c>json.info_##########</c> member node under the --zk path holding this master's
/// MasterInfo JSON, and a detector that keeps <see cref="MasterLeadership.Leader"/> current for
/// standbys. Disposing leaves the election at once (the node is deleted and the session closed), so
/// the next standby takes over without waiting for a session timeout.
/// </summary>
public sealed class MasterElection : IAsyncDisposable
{
    /// <summary>Mesos' MASTER_INFO_JSON_LABEL followed by the sequence separator.</summary>
    public const string MemberPrefix = "json.info_";

    private readonly ZooKeeperClient _client;
    private readonly LeaderDetector _detector;
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LeaderElection? _election;
    private int _disposing;

    private MasterElection(ZooKeeperClient client, LeaderDetector detector)
    {
        _client = client;
        _detector = detector;
    }

    /// <summary>This master's member node, e.g. <c>/mesos/json.info_0000000003</c>.</summary>
    public string MemberPath => _election!.MemberPath;

    /// <summary>
    /// Completes when the candidacy (or leadership) ended other than by <see cref="DisposeAsync"/>:
    /// the session expired or the node was deleted. The master must then exit ("committing suicide").
    /// </summary>
    public Task Lost => _lost.Task;

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
        ArgumentNullException.ThrowIfNull(leadership);
        Action<string> say = log ?? (static _ => { });
        (string ensemble, string group) = Split(options.Url);
        ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble,
            new ZooKeeperClientOptions { SessionTimeout = options.SessionTimeout, Log = say }, cancellationToken).ConfigureAwait(false);
        var detector = LeaderDetector.Start(client, group, MemberPrefix);
        var election = new MasterElection(client, detector);
        detector.LeaderChanged += leader =>
        {
            DetectedMaster? detected = leader is null ? null : MasterInfoJson.TryRead(leader.Data);
            leadership.SetDetected(detected);
            say(detected is null ? "No leading master detected" : $"Detected a new leader: {detected.Pid}");
        };
        try
        {
            election._election = await LeaderElection.JoinAsync(client, group, masterInfo, MemberPrefix, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await election.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        say($"Joined the election as {election._election.MemberPath}");
        _ = election._election.Elected.ContinueWith(_ =>
        {
            leadership.SetElected();
            say("Elected as the leading master");
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        _ = election._election.Ended.ContinueWith(static (_, s) =>
        {
            var self = (MasterElection)s!;
            if (Volatile.Read(ref self._disposing) == 0)
                self._lost.TrySetResult();
        }, election, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return election;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
            return;
        if (_election is not null)
            await _election.DisposeAsync().ConfigureAwait(false);
        await _detector.DisposeAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
    }
}
