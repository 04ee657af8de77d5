namespace FastMesos.Marathon.State;

/// <summary>
/// A store that lives as long as the process: for the simulator's benchmarks (which measure the
/// scheduler, not a disk) and for tests that need no durability. Keys are checked like
/// <see cref="SqliteMarathonStore"/>'s so a key that works here works there. Safe for concurrent use.
/// </summary>
public sealed class InMemoryMarathonStore : IMarathonStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    // The keys in ordinal order, so listing a folder reads its range instead of every key (with
    // 100k instance records, a scan per listed folder was a cost of the benchmark's store, not of
    // the scheduler). Invariant: holds exactly _values' keys.
    private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>How many puts this store took (the benchmark reports store writes).</summary>
    public long Puts { get; private set; }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(key);
        lock (_gate)
            return Task.FromResult(_values.GetValueOrDefault(key));
    }

    public Task PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        StoreKeys.Validate(key);
        lock (_gate)
        {
            if (_values.TryAdd(key, value))
                _keys.Add(key);
            else
                _values[key] = value;
            Puts++;
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(key);
        lock (_gate)
        {
            if (_values.Remove(key))
                _keys.Remove(key);
        }
        return Task.CompletedTask;
    }

    /// <summary>The distinct first segments below <paramref name="prefix"/> (a value's name or a "folder"), in ordinal order.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKeys.Validate(prefix);
        string below = prefix + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            // '0' follows '/' in ordinal order: the view is every key that starts with "prefix/".
            foreach (string key in _keys.GetViewBetween(below, prefix + "0"))
            {
                if (!key.StartsWith(below, StringComparison.Ordinal))
                    continue;
                names.Add(StoreKeys.ChildName(key, below.Length));
            }
        }
        return Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
