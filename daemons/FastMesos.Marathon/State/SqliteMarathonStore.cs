using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FastMesos.Marathon.State;

/// <summary>
/// The embedded default (no --zk): one SQLite database, <c>&lt;work_dir&gt;/state.db</c>, in WAL mode
/// with full sync, one table of key → bytes. Every write goes through one writer thread, which
/// takes whatever writes are queued when it wakes and commits them in one transaction: one disk
/// flush for a launch batch, a burst of status updates and the REST calls that arrived meanwhile.
/// The store it replaces kept a file per key (temporary file, fsync, rename); at 10,000 tasks it
/// spent more than half of Marathon's CPU in the file system creating inodes
/// (perf-reports/2026-12-04-marathon-store.md). A write completes once its transaction is durable;
/// reads use their own connection and see every completed write. Safe for concurrent use; one
/// Marathon per work_dir.
/// <para>Two lanes, each committed in the order it was written: the <b>control</b> lane (the tree,
/// app versions, deployments, the framework id: what a REST call waits for; any write with such a
/// key) and the <b>task-state</b> lane (writes whose keys are all under <c>instances/</c> or
/// <c>health/</c>, <see cref="StoreKeys.IsTaskState"/>). A transaction takes the control lane first
/// and task state up to <see cref="TaskStatePerCommit"/> keys (<see cref="FillBatch"/>), so a REST
/// call's commit waits for at most one bounded transaction,
/// not behind a launch flood's queued writes (a POST waited 221 ms at the p99 for its commit in a
/// 1,000 × 1,000 deploy; perf-reports/2026-12-07-deploy-api-latency/). A key belongs to one lane,
/// so writes to the same key keep their order; writes to keys of different lanes may commit in
/// either order unless the second was made after the first completed.</para>
/// <para>A work_dir holding the old <c>state/</c> folder and no database is imported on first open,
/// in one transaction, and the folder is then renamed <c>state.imported</c> (<c>.2</c>, <c>.3</c>… when that name is taken).</para>
/// </summary>
public sealed class SqliteMarathonStore : IMarathonStore
{
    private const string DatabaseName = "state.db";
    private const string LegacyFolder = "state";
    private const string ImportedFolder = "state.imported";

    /// <summary>Writes committed together at most: bounds one transaction's size and its wait.</summary>
    private const int MaxWritesPerCommit = 1024;

    /// <summary>
    /// Task-state keys one transaction takes at most beyond its first write (a single larger write
    /// still commits whole): a few milliseconds of B-tree work. 4,096 made the REST calls' commits
    /// wait longer for no less CPU (perf-reports/2026-12-07-deploy-api-latency/, "Not adopted").
    /// </summary>
    internal const int TaskStatePerCommit = 1024;

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly Lock _readGate = new();
    private readonly Lock _queueGate = new();
    private readonly Queue<SqliteWrite> _control = new();
    private readonly Queue<SqliteWrite> _taskState = new();

    /// <summary>One count per queued write (both lanes), and one more once closed.</summary>
    private readonly SemaphoreSlim _queued = new(0, int.MaxValue);
    private bool _closed;
    private readonly Thread _thread;
    private int _disposed;

    private SqliteMarathonStore(string path)
    {
        _writer = Open(path, SqliteOpenMode.ReadWriteCreate);
        // The writer's page cache holds the B-tree pages a launch flood keeps updating (64 MiB
        // instead of SQLite's 2 MiB, which re-read them from the file: Marathon read 3.1–3.4 GB
        // in a 1,000 × 1,000 deploy, sockets included, now 1.3–1.7 GB), and the WAL is copied
        // back into the database every 16,384 pages instead of 1,000, so a page written by
        // several commits in between is copied once (perf-reports/2026-12-05-marathon-store-io.md).
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384; " +
            "CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;");
        _reader = Open(path, SqliteOpenMode.ReadWrite);   // only ever reads
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Marathon store writer" };
        _thread.Start();
    }

    /// <summary>The database under <paramref name="workDir"/>, created (and the old file-per-key folder imported) when absent.</summary>
    public static SqliteMarathonStore Open(string workDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(workDir);
        string root = Path.GetFullPath(workDir);
        Directory.CreateDirectory(root);
        string path = Path.Combine(root, DatabaseName);
        string legacy = Path.Combine(root, LegacyFolder);
        bool import = !File.Exists(path) && Directory.Exists(legacy);
        var store = new SqliteMarathonStore(path);
        if (import)
        {
            try
            {
                store.Import(legacy);
                Directory.Move(legacy, FreeName(Path.Combine(root, ImportedFolder)));
            }
            catch
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
                // Nothing half-imported is left for the next start to trust: it imports again.
                foreach (string file in (string[])[path, path + "-wal", path + "-shm"])
                    File.Delete(file);
                throw;
            }
        }
        return store;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(key);
        lock (_readGate)
        {
            using SqliteCommand get = _reader.CreateCommand();
            get.CommandText = "SELECT value FROM kv WHERE key = $key";
            get.Parameters.AddWithValue("$key", key);
            return Task.FromResult(get.ExecuteScalar() as byte[]);
        }
    }

    public Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        StoreKeys.Validate(key);
        return Enqueue(new SqliteWrite([new KeyValuePair<string, byte[]>(key, value)], null));
    }

    /// <summary>Every entry in one transaction: all of them are durable when it completes, or none (a bad key fails the call before anything is written).</summary>
    public Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach ((string key, byte[] value) in entries)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(entries));
            StoreKeys.Validate(key);
        }
        return entries.Count == 0 ? Task.CompletedTask : Enqueue(new SqliteWrite(entries, null));
    }

    /// <summary>
    /// <see cref="PutAllAsync(IReadOnlyList{KeyValuePair{string, byte[]}}, CancellationToken)"/> from
    /// the batch's buffer: the writer binds its keys and values as they lie there and disposes it
    /// once the transaction ended (the keys were checked as they were put).
    /// </summary>
    public Task PutAllAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            batch.Dispose();
            return Task.CompletedTask;
        }
        try
        {
            return Enqueue(new SqliteWrite(batch));
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(key);
        return Enqueue(new SqliteWrite(null, key));
    }

    /// <summary>The distinct first segments below <paramref name="prefix"/> (a value's name or a "folder"), in ordinal order.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(prefix);
        string below = prefix + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        lock (_readGate)
        {
            // Keys are ASCII, so SQLite's binary order is ordinal order, and '0' follows '/':
            // the range is every key that starts with "prefix/".
            using SqliteCommand list = _reader.CreateCommand();
            list.CommandText = "SELECT key FROM kv WHERE key >= $low AND key < $high";
            list.Parameters.AddWithValue("$low", below);
            list.Parameters.AddWithValue("$high", prefix + "0");
            using SqliteDataReader rows = list.ExecuteReader();
            while (rows.Read())
            {
                string key = rows.GetString(0);
                names.Add(StoreKeys.ChildName(key, below.Length));
            }
        }
        return Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    /// <summary>Lets the queued writes commit, then closes the database. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_queueGate)
        {
            _closed = true;
            _queued.Release();
        }
        if (Thread.CurrentThread != _thread)
            await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        _queued.Dispose();
        lock (_readGate)
            _reader.Dispose();
        _writer.Dispose();
    }

    private Task Enqueue(SqliteWrite write)
    {
        Queue<SqliteWrite> lane = write.IsTaskState ? _taskState : _control;
        lock (_queueGate)
        {
            if (_closed)
                throw new ObjectDisposedException(nameof(SqliteMarathonStore));
            lane.Enqueue(write);
            _queued.Release();   // under the gate: the count never lags the queues (TakeBatch)
        }
        return write.Done.Task;
    }

    /// <summary>
    /// Waits for a write, then takes the next transaction's writes (<see cref="FillBatch"/>). False
    /// once closed and drained.
    /// </summary>
    private bool TakeBatch(List<SqliteWrite> batch)
    {
        _queued.Wait();
        lock (_queueGate)
        {
            FillBatch(_control, _taskState, batch);
            // One count was waited for; the others taken here are consumed without blocking:
            // writes are queued and counted under this gate, so the count is never below them.
            for (int i = 1; i < batch.Count; i++)
                _queued.Wait();
            return batch.Count > 0 || !_closed || _control.Count + _taskState.Count > 0;
        }
    }

    /// <summary>
    /// The lanes' rule for one transaction: every queued write of the control lane (up to
    /// <see cref="MaxWritesPerCommit"/> writes), then writes of the task-state lane in order
    /// while their keys fit in <see cref="TaskStatePerCommit"/> — or the first one alone, whatever
    /// its size, when the batch is still empty.
    /// </summary>
    internal static void FillBatch(Queue<SqliteWrite> control, Queue<SqliteWrite> taskState, List<SqliteWrite> batch)
    {
        int keys = 0;
        while (batch.Count < MaxWritesPerCommit && control.TryDequeue(out SqliteWrite? write))
            batch.Add(write);
        while (batch.Count < MaxWritesPerCommit && taskState.TryPeek(out SqliteWrite? write)
            && (batch.Count == 0 || keys + write.Count <= TaskStatePerCommit))
        {
            keys += write.Count;
            batch.Add(taskState.Dequeue());
        }
    }

    /// <summary>
    /// The writer thread: waits for a write, takes the next transaction's writes (<see cref="TakeBatch"/>),
    /// applies them in order in one transaction and completes them all once it committed. A failed
    /// commit fails every write it carried.
    /// </summary>
    private void WriteLoop()
    {
        var batch = new List<SqliteWrite>(MaxWritesPerCommit);
        sqlite3 db = _writer.Handle!;
        using var put = new SqliteRawStatement(db,
            "INSERT INTO kv(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        using var delete = new SqliteRawStatement(db, "DELETE FROM kv WHERE key = ?1");

        while (TakeBatch(batch))
        {
            if (batch.Count == 0)
                continue;
            Exception? failure = null;
            try
            {
                SqliteRawStatement.Execute(db, "BEGIN IMMEDIATE");
                try
                {
                    foreach (SqliteWrite write in batch)
                    {
                        if (write.Batch is { } puts)
                        {
                            for (int i = 0; i < puts.Count; i++)
                            {
                                put.BindText(1, puts.Key(i));
                                put.BindBlob(2, puts.Value(i));
                                put.Run();
                            }
                        }
                        else if (write.Entries is { } entries)
                        {
                            foreach ((string key, byte[] value) in entries)
                            {
                                put.BindText(1, key);
                                put.BindBlob(2, value);
                                put.Run();
                            }
                        }
                        else
                        {
                            delete.BindText(1, write.DeleteKey!);
                            delete.Run();
                        }
                    }
                    SqliteRawStatement.Execute(db, "COMMIT");
                }
                catch
                {
                    // A failed COMMIT may already have ended the transaction (SQLite rolls back
                    // on some errors): roll back only what is still open.
                    if (raw.sqlite3_get_autocommit(db) == 0)
                        raw.sqlite3_exec(db, "ROLLBACK");
                    throw;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }

            // The batches' buffers go back before their writes complete: a caller that awaited a
            // write finds its batch disposed (returned the other way round, a caller resumed on
            // another thread could see it still holding its entries).
            foreach (SqliteWrite write in batch)
                write.Batch?.Dispose();
            foreach (SqliteWrite write in batch)
            {
                if (failure is null)
                    write.Done.TrySetResult();
                else
                    write.Done.TrySetException(failure);
            }
            batch.Clear();
        }
    }

    /// <summary>Imports every value file of the old file-per-key folder (keys are their relative paths) in one transaction.</summary>
    private void Import(string folder)
    {
        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".tmp", StringComparison.Ordinal))
                continue;   // an interrupted put of the old store: its key still holds the old value
            string key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            StoreKeys.Validate(key);
            entries.Add(new KeyValuePair<string, byte[]>(key, File.ReadAllBytes(file)));
        }
        if (entries.Count > 0)
            PutAllAsync(entries).GetAwaiter().GetResult();
    }

    /// <summary><paramref name="path"/>, or with <c>.2</c>, <c>.3</c>… appended when taken (an earlier import's folder is kept).</summary>
    private static string FreeName(string path)
    {
        string name = path;
        for (int n = 2; Directory.Exists(name) || File.Exists(name); n++)
            name = path + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=30000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
