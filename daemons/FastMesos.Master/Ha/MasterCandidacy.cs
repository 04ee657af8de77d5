using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Master.Ha;

/// <summary>
/// One ZooKeeper session's worth of a master's candidacy: the client, the detector that follows the
/// leader, and this master's member node. A standby whose session expires replaces the whole
/// candidacy (nothing of an expired session can be reused); a leader's is never replaced.
/// </summary>
internal sealed class MasterCandidacy : IAsyncDisposable
{
    private MasterCandidacy(ZooKeeperClient client, LeaderDetector detector)
    {
        Client = client;
        Detector = detector;
    }

    public ZooKeeperClient Client { get; }

    public LeaderDetector Detector { get; }

    /// <summary>Set once the member node exists.</summary>
    public LeaderElection Election { get; private set; } = null!;

    /// <summary>
    /// Connects, starts detecting (reporting to <paramref name="detected"/>), then creates the member
    /// node with <paramref name="acl"/> (also used for the missing group path).
    /// </summary>
    public static async Task<MasterCandidacy> OpenAsync(string ensemble, string group, ZooKeeperClientOptions clientOptions, IReadOnlyList<Acl> acl,
        byte[] masterInfo, Action<LeaderInfo?> detected, CancellationToken cancellationToken)
    {
        ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble, clientOptions, cancellationToken).ConfigureAwait(false);
        var detector = LeaderDetector.Start(client, group, MasterElection.MemberPrefix);
        detector.LeaderChanged += detected;
        var candidacy = new MasterCandidacy(client, detector);
        try
        {
            candidacy.Election = await LeaderElection.JoinAsync(client, group, masterInfo, MasterElection.MemberPrefix, acl, cancellationToken).ConfigureAwait(false);
            return candidacy;
        }
        catch
        {
            await candidacy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes the member node (when the session still lives) and closes the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Election is not null)
            await Election.DisposeAsync().ConfigureAwait(false);
        await Detector.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
    }
}
