using System.Buffers;

namespace FastMesos.Transport.Buffers;

/// <summary>
/// One block of a <see cref="BlockMemoryPool"/>. The same object is handed out again after it is
/// returned, so a renter must not touch it after <see cref="Dispose"/>.
/// </summary>
internal sealed class PooledBlock : IMemoryOwner<byte>
{
    private readonly BlockMemoryPool _pool;
    // The pipes ask for Memory on every GetMemory/Advance; built once, not per call.
    private readonly Memory<byte> _memory;
    private int _leased;

    public PooledBlock(BlockMemoryPool pool, byte[] array)
    {
        _pool = pool;
        _memory = array;
    }

    public Memory<byte> Memory => _memory;

    public void Lease() => Volatile.Write(ref _leased, 1);

    public void Dispose()
    {
        // A second return would put the block in the queue twice and hand one buffer to two
        // renters; one atomic exchange per return turns that silent corruption into an exception.
        if (Interlocked.Exchange(ref _leased, 0) == 0)
            BufferThrowHelper.ThrowDoubleReturn();
        _pool.Return(this);
    }
}
