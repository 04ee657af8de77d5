using System.Buffers;
using System.Buffers.Binary;

namespace FastMesos.Transport.Connections;

/// <summary>
/// The first bytes each side sends, before any frame:
/// <code>
///  0      4   5   6       8               8 + n
///  ├──────┼───┼───┼───────┼───────────────┤
///  │"FMSH"│ver│rol│ n     │ token (UTF-8) │
///  └──────┴───┴───┴───────┴───────────────┘
///   magic  u8  u8  u16 LE   n ≤ 1024
/// </code>
/// The dialer speaks first; the listener checks it and answers with its own preamble (empty
/// token), or with a <see cref="Framing.FrameHeader.CloseMessageType"/> frame naming the reason, then closes.
/// </summary>
public readonly struct Preamble
{
    /// <summary>Bytes before the token.</summary>
    public const int FixedSize = 8;

    /// <summary>The largest token accepted, in bytes.</summary>
    public const int MaxTokenLength = 1024;

    /// <summary>The largest preamble on the wire.</summary>
    public const int MaxSize = FixedSize + MaxTokenLength;

    private readonly byte[]? _token;

    /// <summary>A preamble with the given fields.</summary>
    public Preamble(byte version, PeerRole role, byte[]? token)
    {
        Version = version;
        Role = role;
        _token = token;
    }

    /// <summary>The four magic bytes, "FMSH".</summary>
    public static ReadOnlySpan<byte> Magic => "FMSH"u8;

    /// <summary>The sender's protocol version.</summary>
    public byte Version { get; }

    /// <summary>The sender's declared role (may be undefined in a hostile preamble).</summary>
    public PeerRole Role { get; }

    /// <summary>The token bytes; empty when none was sent.</summary>
    public ReadOnlySpan<byte> Token => _token;

    /// <summary>Writes a preamble to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, byte version, PeerRole role, ReadOnlySpan<byte> token)
    {
        if (token.Length > MaxTokenLength)
            ConnectionThrowHelper.ThrowTokenTooLong(token.Length);
        int size = FixedSize + token.Length;
        Span<byte> span = output.GetSpan(size);
        Magic.CopyTo(span);
        span[4] = version;
        span[5] = (byte)role;
        BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(6), (ushort)token.Length);
        token.CopyTo(span.Slice(FixedSize));
        output.Advance(size);
    }

    /// <summary>
    /// Reads a preamble from the start of <paramref name="buffer"/>. On <see cref="PreambleReadResult.Complete"/>
    /// the buffer is moved past it; otherwise it is unchanged. The magic is judged on as many of its
    /// four bytes as have arrived, so "GET " is refused after one byte.
    /// </summary>
    public static PreambleReadResult TryRead(ref ReadOnlySequence<byte> buffer, out Preamble preamble)
    {
        preamble = default;
        Span<byte> head = stackalloc byte[FixedSize];
        int have = (int)Math.Min(buffer.Length, FixedSize);
        buffer.Slice(0, have).CopyTo(head);
        int magicBytes = Math.Min(have, Magic.Length);
        if (!head.Slice(0, magicBytes).SequenceEqual(Magic.Slice(0, magicBytes)))
            return PreambleReadResult.BadMagic;
        if (have < FixedSize)
            return PreambleReadResult.NeedMore;

        int tokenLength = BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(6));
        if (tokenLength > MaxTokenLength)
            return PreambleReadResult.TokenTooLong;
        if (buffer.Length < FixedSize + tokenLength)
            return PreambleReadResult.NeedMore;

        byte[]? token = tokenLength == 0 ? null : buffer.Slice(FixedSize, tokenLength).ToArray();
        preamble = new Preamble(head[4], (PeerRole)head[5], token);
        buffer = buffer.Slice(FixedSize + tokenLength);
        return PreambleReadResult.Complete;
    }

    /// <summary>The token length a preamble header declares (for error messages); 0 when fewer than eight bytes are present.</summary>
    public static int PeekTokenLength(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < FixedSize)
            return 0;
        Span<byte> length = stackalloc byte[2];
        buffer.Slice(6, 2).CopyTo(length);
        return BinaryPrimitives.ReadUInt16LittleEndian(length);
    }
}
