using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace FastMesos.Transport.Framing;

/// <summary>
/// Writes frames into a <see cref="PipeWriter"/>: header first, then the payload encoded in place,
/// then the header's length filled in. It is also the <see cref="IBufferWriter{T}"/> a payload
/// writer encodes into, and it batches the pipe's <c>Advance</c> calls: bytes are handed to the pipe
/// only when a block fills or on <see cref="FlushAsync"/>, so a small frame costs a few field
/// updates and no pipe lock. Not thread-safe; a connection serialises its senders.
/// </summary>
/// <remarks>
/// Why the length can be filled in after the payload: the header's six bytes are reserved in the
/// pipe's current block before the payload is written. If the payload spills into further blocks,
/// the header's block stays where it is, because a <see cref="Pipe"/> hands a block to its reader
/// (and back to the pool) only after a flush, and no flush happens inside a frame. This is cheaper
/// than encoding into a side buffer and copying, and than a counting wrapper around the pipe.
/// Invariants:
/// (1) <c>_memory[.._buffered]</c> holds written bytes the pipe has not been told about;
/// (2) <c>_memory</c> came from the pipe's <c>GetMemory</c> after its last <c>Advance</c> or flush,
///     and is dropped before every flush (after a flush the reader may return that block to the pool).
/// </remarks>
public sealed class FrameWriter : IBufferWriter<byte>
{
    // Frames up to this size are written in one contiguous span (header + payload); larger ones
    // write the header and then copy the payload block by block, wasting no block tail.
    private const int ContiguousFrameLimit = 512;

    private readonly PipeWriter _pipe;
    private Memory<byte> _memory;
    private int _buffered;
    private long _advancedSinceFlush;
    private long _bytesWritten;

    /// <summary>Writes into <paramref name="pipe"/>, which must be a <see cref="Pipe"/>'s writer (see remarks).</summary>
    public FrameWriter(PipeWriter pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        _pipe = pipe;
    }

    /// <summary>Bytes written since the last flush (whether or not handed to the pipe yet).</summary>
    public long UnflushedBytes => _advancedSinceFlush + _buffered;

    /// <summary>Bytes written in total.</summary>
    public long BytesWritten => _bytesWritten;

    /// <summary>
    /// Writes a frame with an already-encoded payload. Returns false, writing nothing, when the
    /// frame's length would exceed <paramref name="maxFrameSize"/>.
    /// </summary>
    public bool TryWriteFrame(ushort messageType, ReadOnlySpan<byte> payload, int maxFrameSize)
    {
        if (maxFrameSize < (int)FrameHeader.MinLength)
            FramingThrowHelper.ThrowMaxFrameSize(maxFrameSize);
        if ((uint)payload.Length > (uint)maxFrameSize - FrameHeader.MinLength)
            return false;

        int total = FrameHeader.Size + payload.Length;
        if (total <= ContiguousFrameLimit)
        {
            Span<byte> span = GetSpan(total);
            FrameHeader.Write(span, (uint)payload.Length + FrameHeader.MinLength, messageType);
            payload.CopyTo(span.Slice(FrameHeader.Size));
            Advance(total);
        }
        else
        {
            WriteLargeFrame(messageType, payload);
        }

        return true;
    }

    /// <summary>
    /// Writes a frame whose payload <paramref name="payload"/> encodes straight into this writer.
    /// Returns false when the encoded frame exceeds <paramref name="maxFrameSize"/>: the bytes are
    /// already in the pipe with an unfilled header, so the caller must abandon the stream (close
    /// the connection without flushing). Exceptions from the payload leave the stream in the same state.
    /// </summary>
    public bool TryWriteFrame<TPayload>(ushort messageType, TPayload payload, int maxFrameSize)
        where TPayload : IFramePayload, allows ref struct
    {
        if (maxFrameSize < (int)FrameHeader.MinLength)
            FramingThrowHelper.ThrowMaxFrameSize(maxFrameSize);

        Span<byte> header = GetSpan(FrameHeader.Size);
        Advance(FrameHeader.Size);
        long start = _bytesWritten;
        payload.WritePayload(this);
        long payloadLength = _bytesWritten - start;
        if ((ulong)payloadLength > (uint)maxFrameSize - FrameHeader.MinLength)
            return false;

        // Safe after the payload moved on to other blocks: see the remarks on the class.
        FrameHeader.Write(header, (uint)payloadLength + FrameHeader.MinLength, messageType);
        return true;
    }

    /// <summary>Hands every written byte to the pipe and flushes it.</summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Commit();
        _memory = default;
        _advancedSinceFlush = 0;
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Hands every written byte to the pipe and completes it.</summary>
    public void Complete(Exception? exception = null)
    {
        Commit();
        _memory = default;
        _advancedSinceFlush = 0;
        _pipe.Complete(exception);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_memory.Length - _buffered))
            FramingThrowHelper.ThrowAdvancedTooFar(count, _memory.Length - _buffered);
        _buffered += count;
        _bytesWritten += count;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // A negative hint becomes a huge unsigned need and is refused in NextBlock.
        if ((uint)(sizeHint == 0 ? 1 : sizeHint) > (uint)(_memory.Length - _buffered))
            NextBlock(sizeHint);
        return _memory.Slice(_buffered);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        // A negative hint becomes a huge unsigned need and is refused in NextBlock.
        if ((uint)(sizeHint == 0 ? 1 : sizeHint) > (uint)(_memory.Length - _buffered))
            NextBlock(sizeHint);
        return _memory.Span.Slice(_buffered);
    }

    // Cold: the current block cannot hold sizeHint more bytes. Tell the pipe what was written into
    // it and take the pipe's next memory (the pipe starts a new block when the tail is too small).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextBlock(int sizeHint)
    {
        if (sizeHint < 0)
            FramingThrowHelper.ThrowNegativeSizeHint(sizeHint);
        Commit();
        _memory = _pipe.GetMemory(sizeHint);
    }

    private void Commit()
    {
        if (_buffered == 0)
            return;
        _pipe.Advance(_buffered);
        _advancedSinceFlush += _buffered;
        _memory = _memory.Slice(_buffered);
        _buffered = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLargeFrame(ushort messageType, ReadOnlySpan<byte> payload)
    {
        FrameHeader.Write(GetSpan(FrameHeader.Size), (uint)payload.Length + FrameHeader.MinLength, messageType);
        Advance(FrameHeader.Size);
        while (!payload.IsEmpty)
        {
            Span<byte> span = GetSpan(1);
            int n = Math.Min(span.Length, payload.Length);
            payload.Slice(0, n).CopyTo(span);
            Advance(n);
            payload = payload.Slice(n);
        }
    }
}
