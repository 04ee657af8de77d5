using System.Buffers;
using System.IO.Pipelines;

namespace FastMesos.Hosting.Json;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that grows by appending 64 KiB arrays rented from a pool
/// (<see cref="ArrayPool{T}.Shared"/> unless given one) instead of doubling one array: a 40 MB state
/// document costs no large-object-heap allocation and no copying while it is built. The segments go
/// back to the pool on <see cref="Dispose"/>, after the response has been written. The shared pool
/// keeps a few dozen arrays per size, so a caller that renders documents of many segments again and
/// again (the master's state) passes a pool of its own (<see cref="CreateSegmentPool"/>) that keeps
/// them all: otherwise every render allocates most of its segments afresh, and their collection and
/// the fresh pages they land on cost more than the rendering.
/// (Nerdbank.Streams' <c>Sequence&lt;T&gt;</c> does the same but brings Microsoft.VisualStudio.Threading
/// and more into every daemon.)
/// </summary>
public sealed class PooledSegmentBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>The size of a segment.</summary>
    public const int SegmentSize = 64 * 1024;
    private readonly ArrayPool<byte> _pool;
    private readonly List<byte[]> _full = [];
    private readonly List<int> _fullLengths = [];
    private byte[] _current;
    private int _used;
    private long _written;

    public PooledSegmentBuffer()
        : this(ArrayPool<byte>.Shared)
    {
    }

    public PooledSegmentBuffer(ArrayPool<byte> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        _current = pool.Rent(SegmentSize);
    }

    /// <summary>A pool that keeps up to <paramref name="maxSegments"/> segments for reuse (about 64 KiB each).</summary>
    public static ArrayPool<byte> CreateSegmentPool(int maxSegments) => ArrayPool<byte>.Create(SegmentSize, maxSegments);

    /// <summary>The bytes written so far.</summary>
    public long WrittenCount => _written;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_current.Length - _used))
            ThrowAdvancedTooFar(count);
        _used += count;
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // Reserve first: it may replace _current.
        int at = Reserve(sizeHint);
        return _current.AsMemory(at);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        int at = Reserve(sizeHint);
        return _current.AsSpan(at);
    }

    /// <summary>The written bytes, in order, in one new array (tests, small documents).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_written];
        int at = 0;
        for (int i = 0; i < _full.Count; i++)
        {
            _full[i].AsSpan(0, _fullLengths[i]).CopyTo(bytes.AsSpan(at));
            at += _fullLengths[i];
        }

        _current.AsSpan(0, _used).CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>Writes the segments in order to <paramref name="pipe"/>, flushing after each one so the pipe's own buffer stays small.</summary>
    public async ValueTask WriteToAsync(PipeWriter pipe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        for (int i = 0; i < _full.Count; i++)
            await pipe.WriteAsync(_full[i].AsMemory(0, _fullLengths[i]), cancellationToken).ConfigureAwait(false);
        if (_used > 0)
            await pipe.WriteAsync(_current.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (byte[] segment in _full)
            _pool.Return(segment);
        _full.Clear();
        _fullLengths.Clear();
        if (_current.Length > 0)
            _pool.Return(_current);
        _current = [];
        _used = 0;
        _written = 0;
    }

    /// <summary>The offset in <see cref="_current"/> where at least <paramref name="sizeHint"/> bytes (at least one) are free.</summary>
    private int Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_current.Length == 0, this);
        int needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed)
            return _used;
        _full.Add(_current);
        _fullLengths.Add(_used);
        _current = _pool.Rent(Math.Max(needed, SegmentSize));
        _used = 0;
        return 0;
    }

    private static void ThrowAdvancedTooFar(int count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, "advanced past the span handed out");
}
