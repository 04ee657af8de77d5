namespace FastMesos.Marathon.State;

/// <summary>
/// Where Marathon keeps what it must not forget (DESIGN.md §5: an app definition that got a 2xx
/// survives any crash): the root group and its versions, deployments, instances and the framework
/// id; also each app's last task failure (<c>failures/…</c>) and instances' last health verdicts
/// (<c>health/…</c>). Keys are slash-separated (<c>group/root</c>, <c>apps/web/versions/…</c>); values are opaque
/// bytes. A completed <see cref="PutAsync"/> is durable.
/// </summary>
public interface IMarathonStore : IAsyncDisposable
{
    /// <summary>The value stored under <paramref name="key"/>, or null.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, durably, replacing what was there.</summary>
    Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores every entry durably, as <see cref="PutAsync"/> would one by one; completes when all
    /// are durable. A store may commit them together (one disk flush for many keys), so callers
    /// that store several keys before acting on them hand them over in one call.
    /// </summary>
    async Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach ((string key, byte[] value) in entries)
            await PutAsync(key, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="PutAllAsync(IReadOnlyList{KeyValuePair{string, byte[]}}, CancellationToken)"/> for
    /// entries gathered in a <see cref="StoreBatch"/>, which the store takes: it disposes the batch
    /// once the entries are written or failed (here, as soon as they are copied out), and the caller
    /// must not touch it after the call. A store that writes spans overrides this to copy nothing.
    /// </summary>
    Task PutAllAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        List<KeyValuePair<string, byte[]>> entries;
        using (batch)
            entries = batch.ToEntries();
        return PutAllAsync(entries, cancellationToken);
    }

    /// <summary>Removes the key; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The names directly below <paramref name="prefix"/> (one level), in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
