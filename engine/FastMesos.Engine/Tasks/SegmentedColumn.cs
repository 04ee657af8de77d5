using System.Numerics;
using System.Runtime.CompilerServices;

namespace FastMesos.Engine;

/// <summary>
/// A column of a struct-of-arrays table that grows without copying: segments of 16, 32, 64, …
/// entries, each twice the one before, so element i lives in segment log2(i + 16) − 4 and the
/// column's capacity for n entries stays below 2n + 16, as a doubling array's does. A doubling
/// array copies itself at every growth and leaves the old array as garbage — as much again as
/// the final array, most of it on the large-object heap, where it brings on gen2 collections;
/// the task ledger's seven columns allocated ~33 bytes per task that way at a million tasks.
/// Access is one more indirection than an array's. Not thread-safe (the engine is single-threaded).
/// </summary>
internal sealed class SegmentedColumn<T>
{
    private const int FirstShift = 4;   // the first segment holds 1 << FirstShift entries
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
            uint j = (uint)index + (1u << FirstShift);
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
            int size = 1 << (_segmentCount + FirstShift);
            _segments[_segmentCount++] = new T[size];
            Capacity += size;
        }
    }
}
