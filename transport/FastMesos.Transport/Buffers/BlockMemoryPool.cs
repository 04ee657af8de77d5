using System.Buffers;
using System.Collections.Concurrent;

namespace FastMesos.Transport.Buffers;

/// <summary>
/// A bounded pool of fixed-size, pinned blocks for the connections' pipes. Renting reuses a block
/// (and its owner object), so a steady stream allocates nothing; at most
/// <see cref="MaxRetainedBlocks"/> idle blocks are kept, the rest go back to the GC, so a burst does
/// not pin its high-water mark forever.
/// </summary>
/// <remarks>
/// Invariants: (1) <c>_retained</c> ≥ the number of blocks in <c>_free</c> and ≤ <c>MaxRetainedBlocks</c>
/// (it is incremented before an enqueue and decremented after a dequeue); (2) a block is either in
/// <c>_free</c> or leased, never both (<see cref="PooledBlock"/> guards double returns).
/// Blocks are pinned (allocated on the pinned object heap) because sockets pin buffers for every
/// operation; pinning a pinned array is free and keeps the compacting heap unfragmented.
/// A pipe asks for at most <see cref="MaxBufferSize"/> bytes from a pool and takes larger buffers
/// elsewhere, so requests beyond the block size are refused.
/// </remarks>
public sealed class BlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The default block size: one page, as Kestrel's pool uses.</summary>
    public const int DefaultBlockSize = 4096;

    /// <summary>The default cap on idle blocks kept: 16 MiB of 4 KiB blocks.</summary>
    public const int DefaultMaxRetainedBlocks = 4096;

    private readonly ConcurrentQueue<PooledBlock> _free = new();
    private readonly int _blockSize;
    private int _retained;
    private long _rented;
    private long _allocated;
    private volatile bool _disposed;

    /// <summary>The pool connections use unless their options name another.</summary>
    public static BlockMemoryPool Default { get; } = new();

    /// <summary>Creates a pool of <paramref name="blockSize"/>-byte blocks keeping at most <paramref name="maxRetainedBlocks"/> idle.</summary>
    public BlockMemoryPool(int blockSize = DefaultBlockSize, int maxRetainedBlocks = DefaultMaxRetainedBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBlocks);
        _blockSize = blockSize;
        MaxRetainedBlocks = maxRetainedBlocks;
    }

    /// <inheritdoc />
    public override int MaxBufferSize => _blockSize;

    /// <summary>The cap on idle blocks kept for reuse.</summary>
    public int MaxRetainedBlocks { get; }

    /// <summary>Blocks idle in the pool now.</summary>
    public int RetainedBlocks => Volatile.Read(ref _retained);

    /// <summary>Rentals since the pool was created.</summary>
    public long RentCount => Interlocked.Read(ref _rented);

    /// <summary>Blocks allocated since the pool was created (rentals the pool could not serve from idle blocks).</summary>
    public long AllocatedBlocks => Interlocked.Read(ref _allocated);

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > _blockSize)
            BufferThrowHelper.ThrowRequestTooLarge(minBufferSize, _blockSize);
        if (_disposed)
            BufferThrowHelper.ThrowPoolDisposed();

        Interlocked.Increment(ref _rented);
        if (_free.TryDequeue(out PooledBlock? block))
        {
            Interlocked.Decrement(ref _retained);
            block.Lease();
            return block;
        }

        return AllocateBlock();
    }

    internal void Return(PooledBlock block)
    {
        // Reserve a slot first so concurrent returns cannot overshoot the cap (invariant 1).
        if (!_disposed && Interlocked.Increment(ref _retained) <= MaxRetainedBlocks)
        {
            _free.Enqueue(block);
            return;
        }

        if (!_disposed)
            Interlocked.Decrement(ref _retained);
        // Over the cap or disposed: the block is dropped and the GC reclaims it.
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        while (_free.TryDequeue(out _))
        {
        }
    }

    private PooledBlock AllocateBlock()
    {
        Interlocked.Increment(ref _allocated);
        var block = new PooledBlock(this, GC.AllocateUninitializedArray<byte>(_blockSize, pinned: true));
        block.Lease();
        return block;
    }
}
