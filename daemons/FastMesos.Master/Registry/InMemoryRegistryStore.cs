namespace FastMesos.Master.Registry;

/// <summary>
/// A registry store in this process (Mesos' <c>--registry=in_memory</c>): for tests and the
/// in-process failover benchmark, where masters in one process hand the registry over through
/// <see cref="OpenAnother"/>. It keeps the compare-and-set contract: each handle remembers the
/// version it fetched or stored, and a store over a stale version throws.
/// </summary>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    private readonly Shared _shared;
    private int _version = -1;

    public InMemoryRegistryStore()
        : this(new Shared())
    {
    }

    private InMemoryRegistryStore(Shared shared) => _shared = shared;

    /// <summary>How many stores succeeded over all handles (tests check that writes are coalesced).</summary>
    public int Stores
    {
        get
        {
            lock (_shared.Lock)
                return _shared.Stores;
        }
    }

    /// <summary>Another handle on the same registry, as a second master would have.</summary>
    public InMemoryRegistryStore OpenAnother() => new(_shared);

    public Task<byte[]?> FetchAsync(CancellationToken cancellationToken = default)
    {
        lock (_shared.Lock)
        {
            _version = _shared.Version;
            return Task.FromResult(_shared.Value);
        }
    }

    public Task StoreAsync(byte[] registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (_shared.Lock)
        {
            if (_version != _shared.Version)
                return Task.FromException(new InvalidOperationException($"the registry changed since version {_version} (now {_shared.Version}): another master wrote it"));
            _shared.Value = registry;
            _shared.Stores++;
            _version = ++_shared.Version;
            return Task.CompletedTask;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The registry all handles share.</summary>
    private sealed class Shared
    {
        public readonly Lock Lock = new();
        public byte[]? Value;
        public int Version = -1;
        public int Stores;
    }
}
