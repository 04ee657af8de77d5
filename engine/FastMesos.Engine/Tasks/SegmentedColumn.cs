using System.Numerics;
using System.Runtime.CompilerServices;

namespace FastMesos.Engine;

/// <summary>
/// A column of a struct-of-arrays table that grows without copying. Its first segments hold 16,
/// 32, 64, …, 4,096 entries, each twice the one before (element i &lt; 8,176 lives in segment
/// log2(i + 16) − 4), so a small column stays small; from 8,176 entries on every segment holds
/// 8,192 (≤ 64 KB for entries of up to 8 bytes), so the capacity stays below n + 8,192 and no
/// segment is a large object. Entries of 9 to 16 bytes stop one doubling earlier: their segments
/// grow to 4,096 (64 KB) and stay there from 4,080 entries on. A doubling array copies itself at every growth and leaves the old array as
/// garbage — as much again as the final array, most of it on the large-object heap, whose
/// allocations bring on gen2 collections; the task ledger's seven columns allocated ~33 bytes per
/// task that way at a million tasks, and segments that kept doubling put their last ones on the
/// large-object heap too and left up to n unused entries. Access is one more indirection than an
/// array's. Not thread-safe (the engine is single-threaded).
/// </summary>
internal sealed class SegmentedColumn<T>
{
    private const int FirstShift = 4;   // the first segment holds 1 << FirstShift entries

    // Segments stop growing at 1 << FixedShift entries: 8,192 of up to 8 bytes, 4,096 of up to 16,
    // so a fixed segment stays within 64 KB. A constant for every T once compiled (the size of T is).
    private static int FixedShift
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.SizeOf<T>() > 8 ? 12 : 13;
    }

    // The growing segments: 16 … 4,096 entries (9 segments), or 16 … 2,048 (8) for wide entries.
    private static int GrowingSegments
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => FixedShift - FirstShift;
    }

    // The entries of the growing segments: 8,176 (4,080 for wide entries).
    private static uint FixedStart
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (1u << FixedShift) - (1u << FirstShift);
    }
    private T[][] _segments = new T[4][];
    private int _segmentCount;

    /// <summary>Entries the column holds: indexes below it are valid.</summary>
    public int Capacity { get; private set; }

    /// <summary>Entry <paramref name="index"/>, which must be below <see cref="Capacity"/>.</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            uint u = (uint)index;
            if (u >= FixedStart)
            {
                u -= FixedStart;
                return ref _segments[GrowingSegments + (int)(u >> FixedShift)][u & ((1u << FixedShift) - 1)];
            }

            uint j = u + (1u << FirstShift);
            int segment = BitOperations.Log2(j) - FirstShift;
            return ref _segments[segment][j - (1u << (segment + FirstShift))];
        }
    }

    /// <summary>Adds segments until indexes below <paramref name="count"/> are valid; existing entries stay where they are.</summary>
    public void EnsureCapacity(int count)
    {
        while (Capacity < count)
        {
            if (_segmentCount == _segments.Length)
                Array.Resize(ref _segments, _segments.Length * 2);
            int size = 1 << (Math.Min(_segmentCount, GrowingSegments) + FirstShift);
            _segments[_segmentCount++] = new T[size];
            Capacity += size;
        }
    }
}
