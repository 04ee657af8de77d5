using System.Buffers;
using System.Runtime.InteropServices;

namespace FastMesos.Transport.Tests.Buffers;

/// <summary>
/// A tracked block: its memory goes through this <see cref="MemoryManager{T}"/>, so every
/// <c>Span</c>, <c>Pin</c> or array access after the block's return is caught and recorded.
/// </summary>
internal sealed class DiagnosticPoolBlock : MemoryManager<byte>
{
    private readonly DiagnosticMemoryPool _pool;
    private readonly IMemoryOwner<byte> _inner;
    private readonly Memory<byte> _memory;
    private int _returned;

    public DiagnosticPoolBlock(DiagnosticMemoryPool pool, IMemoryOwner<byte> inner, string? rentStack)
    {
        _pool = pool;
        _inner = inner;
        _memory = inner.Memory;
        RentStack = rentStack;
    }

    public string? RentStack { get; }

    public override Memory<byte> Memory
    {
        get
        {
            CheckLive("Memory");
            return CreateMemory(_memory.Length);
        }
    }

    public override Span<byte> GetSpan()
    {
        CheckLive("GetSpan");
        return _memory.Span;
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        CheckLive("Pin");
        return _memory.Slice(elementIndex).Pin();
    }

    public override void Unpin()
    {
    }

    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        CheckLive("TryGetArray");
        return MemoryMarshal.TryGetArray(_memory, out segment);
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _returned, 1) != 0)
        {
            _pool.ReportError("a block was returned twice");
            throw new InvalidOperationException("A pool block was returned twice.");
        }

        _inner.Dispose();
        _pool.Return(this);
    }

    private void CheckLive(string operation)
    {
        if (Volatile.Read(ref _returned) == 0)
            return;
        _pool.ReportError($"a block was used after its return ({operation})");
        throw new ObjectDisposedException(nameof(DiagnosticPoolBlock), $"{operation} on a returned pool block.");
    }
}
