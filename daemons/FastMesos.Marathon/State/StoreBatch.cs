using System.Buffers;

namespace FastMesos.Marathon.State;

/// <summary>
/// Puts for one <see cref="IMarathonStore.PutAllAsync(StoreBatch, CancellationToken)"/> call, each
/// key (<c>&lt;folder&gt;/&lt;name&gt;</c>, ASCII) and value copied into one pooled buffer instead of
/// a string and an array per entry. A launched instance is written twice (launched, then running),
/// and its keys and records were about 650 of the ~3,000 bytes Marathon allocated per instance in a
/// 1,000 × 300 deploy (perf-reports/2026-12-07-store-batches/): garbage whose collections each
/// paused for a million live instances.
/// <para>Ownership: the caller fills the batch and hands it to the store, which returns the buffers
/// to the pool once its entries are written or failed (<see cref="Dispose"/>); nothing may touch the
/// batch after the hand-over. Not thread-safe.</para>
/// </summary>
public sealed class StoreBatch : IDisposable
{
    private const int InitialBytes = 16 * 1024;
    private const int InitialEntries = 64;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private Entry[] _entries = ArrayPool<Entry>.Shared.Rent(InitialEntries);
    private int _used;
    private int _count;
    private bool _taskState = true;
    private bool _disposed;

    /// <summary>Where an entry's key and value lie in the buffer: the key first, its value right after.</summary>
    private readonly record struct Entry(int Start, int KeyLength, int ValueLength);

    /// <summary>The entries put so far.</summary>
    public int Count => _count;

    /// <summary>
    /// True while every key is task state (<see cref="StoreKeys.IsTaskState"/>):
    /// the store's task-state lane takes the batch.
    /// </summary>
    public bool IsTaskState => _taskState;

    /// <summary>
    /// Adds a put of <paramref name="value"/> (copied) under <c><paramref name="folder"/>/<paramref name="name"/></c>.
    /// Throws <see cref="ArgumentException"/>, adding nothing, unless that is a valid key
    /// (<see cref="StoreKeys"/>) and <paramref name="name"/> one segment.
    /// </summary>
    public void Put(string folder, ReadOnlySpan<char> name, ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StoreKeys.Validate(folder);
        StoreKeys.ValidateSegment(name);
        int keyLength = folder.Length + 1 + name.Length;
        Reserve(keyLength + value.Length);
        if (_count == _entries.Length)
            Grow(ref _entries, _count, _count * 2);

        // Validated keys are ASCII: a character is its byte.
        Span<byte> key = _bytes.AsSpan(_used, keyLength);
        System.Text.Encoding.ASCII.GetBytes(folder, key);
        key[folder.Length] = (byte)'/';
        System.Text.Encoding.ASCII.GetBytes(name, key[(folder.Length + 1)..]);
        value.CopyTo(_bytes.AsSpan(_used + keyLength));
        _entries[_count++] = new Entry(_used, keyLength, value.Length);
        _used += keyLength + value.Length;
        _taskState &= StoreKeys.IsTaskStateFolder(folder);
    }

    /// <summary>The <paramref name="index"/>-th entry's key as ASCII bytes.</summary>
    public ReadOnlySpan<byte> Key(int index)
    {
        Entry entry = At(index);
        return _bytes.AsSpan(entry.Start, entry.KeyLength);
    }

    /// <summary>The <paramref name="index"/>-th entry's value.</summary>
    public ReadOnlySpan<byte> Value(int index)
    {
        Entry entry = At(index);
        return _bytes.AsSpan(entry.Start + entry.KeyLength, entry.ValueLength);
    }

    /// <summary>The entries as keys and arrays of their own, for a store that keeps them so (<see cref="IMarathonStore"/>'s default).</summary>
    public List<KeyValuePair<string, byte[]>> ToEntries()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entries = new List<KeyValuePair<string, byte[]>>(_count);
        for (int i = 0; i < _count; i++)
            entries.Add(new KeyValuePair<string, byte[]>(System.Text.Encoding.ASCII.GetString(Key(i)), Value(i).ToArray()));
        return entries;
    }

    /// <summary>Returns the buffers to the pool; the batch is empty and unusable after. A second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<Entry>.Shared.Return(_entries);
        _bytes = [];
        _entries = [];
        _count = 0;
        _used = 0;
    }

    private Entry At(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return _entries[index];
    }

    private void Reserve(int bytes)
    {
        if (_bytes.Length - _used >= bytes)
            return;
        Grow(ref _bytes, _used, Math.Max(_bytes.Length * 2, _used + bytes));
    }

    private static void Grow<T>(ref T[] array, int used, int size)
    {
        T[] bigger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }
}
