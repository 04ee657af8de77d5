using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Where the leading master is now (Mesos' master detector): a fixed address, or the leader a
/// ZooKeeper group names, which changes when masters fail over. <see cref="ReconnectingDialer"/>
/// asks it before every dial and drops a connection to a master that is no longer the leader.
/// </summary>
public interface IMasterLocator
{
    /// <summary>The leader as last known; null while none is (Mesos: the cluster is leaderless).</summary>
    EndPoint? Current { get; }

    /// <summary>
    /// Raised after <see cref="Current"/> changed (read it for the new value). Handlers run on the
    /// locator's thread and must not block.
    /// </summary>
    event Action? Changed;

    /// <summary>The current leader, waiting while none is known; throws when <paramref name="cancellationToken"/> fires first.</summary>
    ValueTask<EndPoint> WaitForMasterAsync(CancellationToken cancellationToken);
}
