namespace FastMesos.Marathon.State;

/// <summary>
/// The embedded default (no --zk): one file per key under <c>&lt;work_dir&gt;/state</c>. A put writes
/// a temporary file, flushes it to disk and renames it over the old one, so a crash leaves either
/// the old or the new value, never a torn one. Safe for concurrent use; one Marathon per directory.
/// </summary>
public sealed class FileMarathonStore : IMarathonStore
{
    private const string TempSuffix = ".tmp";

    /// <summary>Entries per group commit in <see cref="PutAllAsync"/>: bounds the files open at once.</summary>
    private const int ChunkSize = 256;

    /// <summary>The most fsyncs in flight at once: enough for the journal to take them in a few commits.</summary>
    private const int MaxConcurrentFlushes = 32;
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
        string temp = TempOf(path);
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(value, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Group commit: a chunk of entries is written to temporary files, flushed to disk all at once
    /// from up to <see cref="MaxConcurrentFlushes"/> threads, then renamed over the keys. The file
    /// system commits concurrent flushes in shared journal transactions, where puts one after the
    /// other pay a commit each (1–15 ms on ext4 here, perf-reports/2026-12-04-cluster-tcp.md).
    /// Completes when every entry is durable; on a failure the pending temporary files are removed
    /// and keys already renamed keep their new value, as after single puts.
    /// </summary>
    public async Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 1)
        {
            await PutAsync(entries[0].Key, entries[0].Value, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Every key checked before anything is written: a bad key fails the call with nothing stored.
        var paths = new string[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(entries[i].Value, nameof(entries));
            paths[i] = PathOf(entries[i].Key);
        }
        for (int start = 0; start < entries.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await PutChunkAsync(entries, paths, start, Math.Min(ChunkSize, entries.Count - start)).ConfigureAwait(false);
        }
    }

    private async Task PutChunkAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, string[] paths, int start, int count)
    {
        var temps = new string?[count];
        var files = new FileStream?[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                string path = paths[start + i];
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                string temp = TempOf(path);
                temps[i] = temp;
                files[i] = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                files[i]!.Write(entries[start + i].Value);
            }

            await FlushAllAsync(files).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                files[i]!.Dispose();
                files[i] = null;
            }
            for (int i = 0; i < count; i++)
            {
                File.Move(temps[i]!, paths[start + i], overwrite: true);
                temps[i] = null;
            }
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                files[i]?.Dispose();
                if (temps[i] is { } temp)
                    File.Delete(temp);
            }
        }
    }

    /// <summary>fsyncs every file, from dedicated threads (an fsync blocks its thread for a journal commit; pool threads would starve).</summary>
    private static async Task FlushAllAsync(FileStream?[] files)
    {
        int next = -1;
        var workers = new Task[Math.Min(files.Length, MaxConcurrentFlushes)];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Factory.StartNew(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < files.Length)
                    files[i]!.Flush(flushToDisk: true);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private static string TempOf(string path) => path + "." + Guid.NewGuid().ToString("N") + TempSuffix;

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
