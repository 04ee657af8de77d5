namespace FastMesos.Master.Registry;

/// <summary>
/// Where a leading master keeps its registry. Only the leader writes, and every store is a
/// compare-and-set against the version it fetched or stored last, so a deposed leader that still
/// believes it leads fails its next store instead of overwriting its successor's registry.
/// </summary>
public interface IRegistryStore : IAsyncDisposable
{
    /// <summary>The stored registry bytes, or null when none was ever stored; remembers their version.</summary>
    Task<byte[]?> FetchAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="registry"/> over the version last fetched or stored; throws when another writer got there first.</summary>
    Task StoreAsync(byte[] registry, CancellationToken cancellationToken = default);
}
