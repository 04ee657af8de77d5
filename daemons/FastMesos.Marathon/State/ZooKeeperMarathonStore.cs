using System.Collections.Concurrent;
using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;
using FastMesos.Marathon.Ha;

namespace FastMesos.Marathon.State;

/// <summary>
/// Marathon's state in ZooKeeper (<c>--zk</c>, specs/marathon.md §8): under the root (the URL's path +
/// <c>/state</c>, e.g. <c>/marathon/state</c>) every slash of a key is a znode level, so
/// <c>instances/web.0a1b</c> is the node <c>/marathon/state/instances/web.0a1b</c> and listing one
/// level is one getChildren. Each folder is a <see cref="StateStore"/> (compression past 64 KiB,
/// chunks past ~900 KiB in the folder's <c>_chunks</c> node, which <see cref="ListAsync"/> hides), so
/// a root group bigger than ZooKeeper's 1 MB node limit still fits.
/// <para>
/// One writer is assumed (the leading Marathon): a put is a compare-and-set on the version this store
/// last saw of the node, asking ZooKeeper for it and retrying when another write came between. Safe
/// for concurrent use. The writes of one key land in the order they were made, however many are in
/// flight (the runtime does not wait for some of its writes): each starts when the one before it ended.
/// </para>
/// </summary>
public sealed class ZooKeeperMarathonStore : IMarathonStore
{
    private const string ChunksFolder = "_chunks";
    private const int MaxPutAttempts = 5;

    private readonly ZooKeeperClient _client;
    private readonly bool _ownsClient;
    private readonly string _root;

    // Folders whose path and chunk folder exist: created once per folder, not per put.
    private readonly ConcurrentDictionary<string, Task<StateStore>> _folders = new(StringComparer.Ordinal);

    // Node path → the version last written or read here: a replacing put is then a compare-and-set
    // without a round trip to learn the version. A stale entry costs one retry, never a lost write.
    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);

    // Key → its last write still in flight (see InKeyOrder). Guarded by _tailsGate.
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _tailsGate = new();

    /// <summary>A store under <paramref name="root"/> (an absolute znode path) on <paramref name="client"/>'s session.</summary>
    public ZooKeeperMarathonStore(ZooKeeperClient client, string root, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (root[0] != '/' || (root.Length > 1 && root[^1] == '/'))
            throw new ArgumentException($"'{root}' is not an absolute znode path", nameof(root));
        _client = client;
        _root = root;
        _ownsClient = ownsClient;
    }

    /// <summary>The znode under which the state lives.</summary>
    public string Root => _root;

    /// <summary>Where a --zk URL keeps Marathon's state: the URL's path + <c>/state</c>.</summary>
    public static string StateRoot(string group) => ZNode.Combine(group, "state");

    /// <summary>Connects to the ensemble of <paramref name="url"/> (zk://hosts/path) with a session of its own.</summary>
    public static async Task<ZooKeeperMarathonStore> ConnectAsync(string url, ZooKeeperClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        (string ensemble, string group) = ZooKeeperConnectionString.SplitGroup(url);
        ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble, options, cancellationToken).ConfigureAwait(false);
        return new ZooKeeperMarathonStore(client, StateRoot(group), ownsClient: true);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        (string folder, string leaf) = Split(key);
        VersionedValue? value = await new StateStore(_client, folder).GetAsync(leaf, cancellationToken).ConfigureAwait(false);
        string path = ZNode.Combine(folder, leaf);
        if (value is null)
            _versions.TryRemove(path, out _);
        else
            _versions[path] = value.Version;
        return value?.Value;
    }

    public Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        (string folder, string leaf) = Split(key);
        return InKeyOrder(key, () => PutCoreAsync(folder, leaf, value, cancellationToken));
    }

    private async Task PutCoreAsync(string folder, string leaf, byte[] value, CancellationToken cancellationToken)
    {
        StateStore store = await FolderAsync(folder, cancellationToken).ConfigureAwait(false);
        string path = ZNode.Combine(folder, leaf);
        // The version this store last wrote or read saves asking for it; a key never seen is tried as new.
        int? expected = _versions.TryGetValue(path, out int known) ? known : null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _versions[path] = await store.SetAsync(leaf, value, expected, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ZooKeeperException e) when (attempt < MaxPutAttempts && e is BadVersionException or NodeExistsException or NoNodeException)
            {
                // Another write came between (or the guess was wrong): ask for the node's version.
                Stat? stat = await _client.ExistsAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                expected = stat?.Version;
            }
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        (string folder, string leaf) = Split(key);
        return InKeyOrder(key, () => DeleteCoreAsync(folder, leaf, cancellationToken));
    }

    private async Task DeleteCoreAsync(string folder, string leaf, CancellationToken cancellationToken)
    {
        _versions.TryRemove(ZNode.Combine(folder, leaf), out _);
        try
        {
            await new StateStore(_client, folder).DeleteAsync(leaf, -1, cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> of <paramref name="key"/> once the write of that key made before it
    /// ended (whether it failed or not). Two compare-and-set puts of one key in flight at once could
    /// otherwise land in either order, and an older instance state or a deleted deployment come back.
    /// </summary>
    private Task InKeyOrder(string key, Func<Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_tailsGate)
        {
            previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            _tails[key] = done.Task;
        }
        return RunAsync();

        async Task RunAsync()
        {
            try
            {
                await previous.ConfigureAwait(false);   // a tail never faults: it is set in finally
                await write().ConfigureAwait(false);
            }
            finally
            {
                lock (_tailsGate)
                {
                    if (_tails.TryGetValue(key, out Task? tail) && tail == done.Task)
                        _tails.Remove(key);
                }
                done.SetResult();
            }
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string path = PathOf(prefix);
        List<string> children;
        try
        {
            (children, _) = await _client.GetChildrenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            return [];
        }

        children.Remove(ChunksFolder);
        children.Sort(StringComparer.Ordinal);
        return children;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsClient)
            await _client.DisposeAsync().ConfigureAwait(false);
    }

    private Task<StateStore> FolderAsync(string folder, CancellationToken cancellationToken)
    {
        Task<StateStore> task = _folders.GetOrAdd(folder, static (f, s) => s.CreateFolderAsync(f), this);
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed creation (connection loss) is not cached: the next put tries again.
            _folders.TryRemove(new KeyValuePair<string, Task<StateStore>>(folder, task));
        }
        return task.WaitAsync(cancellationToken);
    }

    private async Task<StateStore> CreateFolderAsync(string folder)
    {
        var store = new StateStore(_client, folder);
        await store.InitializeAsync().ConfigureAwait(false);
        return store;
    }

    private string PathOf(string key)
    {
        string path = _root;
        foreach (string segment in StoreKeys.Segments(key))
        {
            if (segment == ChunksFolder)
                throw new ArgumentException($"store key '{key}' uses the reserved name {ChunksFolder}", nameof(key));
            path = ZNode.Combine(path, segment);
        }
        return path;
    }

    private (string Folder, string Leaf) Split(string key)
    {
        string path = PathOf(key);
        int slash = path.LastIndexOf('/');
        return (slash == 0 ? "/" : path[..slash], path[(slash + 1)..]);
    }
}
