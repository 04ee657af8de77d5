namespace FastMesos.Master.Ha;

/// <summary>
/// HA masters (<c>--zk</c>, <c>--quorum</c>, <c>--zk_session_timeout</c>): the masters stand for election
/// under the URL's path (specs/mesos.md §6). The quorum is checked and kept for the replicated
/// registry; leader election itself does not use it.
/// </summary>
public sealed record MasterZooKeeperOptions
{
    /// <summary><c>zk://[user:pass@]h1:p1,h2:p2/path</c>; the path is the election group, e.g. <c>/mesos</c>.</summary>
    public required string Url { get; init; }

    public required int Quorum { get; init; }

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The ZooKeeper client's clock and the leader's disconnection timer.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Pause between attempts of a standby to open a new session after its old one expired.</summary>
    public TimeSpan RejoinDelay { get; init; } = TimeSpan.FromSeconds(1);
}
