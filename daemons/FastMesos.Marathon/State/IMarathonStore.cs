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

    /// <summary>Removes the key; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The names directly below <paramref name="prefix"/> (one level), in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
