namespace FastMesos.Coordination.Recipes;

/// <summary>How a <see cref="ZooKeeperMasterLocator"/> talks to ZooKeeper.</summary>
public sealed class ZooKeeperMasterLocatorOptions
{
    /// <summary>The session's options (Mesos <c>--zk_session_timeout</c>, 10 s by default).</summary>
    public ZooKeeperClientOptions Client { get; init; } = new();

    /// <summary>The backoff ceiling of the first retry after ZooKeeper could not be reached.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest backoff ceiling between attempts to reach ZooKeeper.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives one line per leader change and per ZooKeeper trouble.</summary>
    public Action<string>? Log { get; init; }
}
