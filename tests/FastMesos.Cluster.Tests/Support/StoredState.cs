using FastMesos.Marathon.State;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// Reads and edits what a Marathon stored under its work_dir (the embedded store), through the store
/// itself: each call opens it, does one thing and closes it. Reads may run while that Marathon
/// runs (a second connection sees every committed write); edits are for a stopped Marathon.
/// </summary>
internal static class StoredState
{
    public static Task<byte[]?> GetAsync(string workDir, string key) => WithStoreAsync(workDir, store => store.GetAsync(key));

    public static Task<IReadOnlyList<string>> ListAsync(string workDir, string prefix) => WithStoreAsync(workDir, store => store.ListAsync(prefix));

    public static Task PutAsync(string workDir, string key, byte[] value) =>
        WithStoreAsync(workDir, async store =>
        {
            await store.PutAsync(key, value);
            return true;
        });

    /// <summary>Deletes <paramref name="prefix"/> and every key below it.</summary>
    public static Task DeleteTreeAsync(string workDir, string prefix) =>
        WithStoreAsync(workDir, async store =>
        {
            await DeleteTreeAsync(store, prefix);
            return true;
        });

    private static async Task DeleteTreeAsync(IMarathonStore store, string prefix)
    {
        foreach (string name in await store.ListAsync(prefix))
            await DeleteTreeAsync(store, prefix + "/" + name);
        await store.DeleteAsync(prefix);
    }

    private static async Task<T> WithStoreAsync<T>(string workDir, Func<SqliteMarathonStore, Task<T>> use)
    {
        await using SqliteMarathonStore store = SqliteMarathonStore.Open(workDir);
        return await use(store);
    }
}
