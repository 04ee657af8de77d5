namespace FastMesos.Marathon.State;

/// <summary>
/// The embedded default (no --zk): one file per key under <c>&lt;work_dir&gt;/state</c>. A put writes
/// a temporary file, flushes it to disk and renames it over the old one, so a crash leaves either
/// the old or the new value, never a torn one. Safe for concurrent use; one Marathon per directory.
/// </summary>
public sealed class FileMarathonStore : IMarathonStore
{
    private const string TempSuffix = ".tmp";
    private readonly string _root;

    public FileMarathonStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        string path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + "." + Guid.NewGuid().ToString("N") + TempSuffix;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(value, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored under that prefix: the key is already absent.
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string directory = PathOf(prefix);
        if (!Directory.Exists(directory))
            return Task.FromResult<IReadOnlyList<string>>([]);
        var names = new List<string>();
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(entry);
            if (!name.EndsWith(TempSuffix, StringComparison.Ordinal))
                names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string PathOf(string key) => Path.Combine(_root, Path.Combine(StoreKeys.Segments(key)));
}
