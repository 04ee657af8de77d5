using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;
using FastMesos.Master.Ha;

namespace FastMesos.Master.Registry;

/// <summary>
/// The registry in ZooKeeper under the masters' election path (<c>/mesos/registry/registry</c>, with
/// <c>/mesos/registry/_chunks</c> for a registry past ZooKeeper's node limit), written through the
/// versioned <see cref="StateStore"/> on a session of its own: if that session dies, stores fail and
/// the master gives up leading, as Mesos does when its registrar fails.
/// </summary>
public sealed class ZooKeeperRegistryStore : IRegistryStore
{
    private const string Key = "registry";
    private readonly ZooKeeperClient _client;
    private readonly StateStore _store;
    private int? _version;

    private ZooKeeperRegistryStore(ZooKeeperClient client, string root, IReadOnlyList<Acl> acl)
    {
        _client = client;
        _store = new StateStore(client, root, acl);
    }

    /// <summary>The znode the registry lives under for an election group, e.g. <c>/mesos/registry</c>.</summary>
    public static string RootFor(string group) => group.TrimEnd('/') + "/registry";

    public static async Task<ZooKeeperRegistryStore> ConnectAsync(MasterZooKeeperOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string ensemble, string group) = ZooKeeperConnectionString.SplitGroup(options.Url);
        ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble,
            new ZooKeeperClientOptions { SessionTimeout = options.SessionTimeout, Log = log }, cancellationToken).ConfigureAwait(false);
        // With zk://user:pass@ credentials only masters authenticated as that user may read or write
        // the registry (unlike the election nodes, which detectors read without credentials).
        IReadOnlyList<Acl> acl = ZooKeeperConnectionString.Parse(ensemble).User is null ? Acl.OpenUnsafe : Acl.CreatorAll;
        var store = new ZooKeeperRegistryStore(client, RootFor(group), acl);
        try
        {
            await store._store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<byte[]?> FetchAsync(CancellationToken cancellationToken = default)
    {
        VersionedValue? value = await _store.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        _version = value?.Version;
        return value?.Value;
    }

    public async Task StoreAsync(byte[] registry, CancellationToken cancellationToken = default) =>
        _version = await _store.SetAsync(Key, registry, _version, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
