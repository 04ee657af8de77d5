using FastMesos.Marathon.State;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// An in-memory Marathon store whose multi-key writes (<see cref="PutAllAsync"/>) a test intercepts:
/// everything else goes straight to <see cref="Inner"/>. Disposing releases what the test holds
/// (<see cref="ReleaseAll"/>) before closing the store.
/// </summary>
internal abstract class InterceptedStore : IMarathonStore
{
    protected InMemoryMarathonStore Inner { get; } = new();

    public abstract Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default);

    /// <summary>Lets every held write go on.</summary>
    protected abstract void ReleaseAll();

    /// <summary>Stores <paramref name="entries"/> one by one, as the default <see cref="IMarathonStore.PutAllAsync(IReadOnlyList{KeyValuePair{string, byte[]}}, CancellationToken)"/> does.</summary>
    protected async Task PutEachAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken)
    {
        foreach ((string key, byte[] value) in entries)
            await Inner.PutAsync(key, value, cancellationToken).ConfigureAwait(false);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => Inner.GetAsync(key, cancellationToken);

    public Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) => Inner.PutAsync(key, value, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => Inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync()
    {
        ReleaseAll();
        return Inner.DisposeAsync();
    }
}
