using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Writes and reads one contract type as MessagePack. Every composite is an array whose header is its
/// field count, fields in a fixed order: readers fill defaults for fields a shorter (older) payload
/// lacks and skip fields a longer (newer) one appends. Implementations are stateless singletons.
/// </summary>
public interface IMessageFormatter<T>
{
    void Write(ref MessagePackWriter writer, in T value);

    /// <summary>
    /// Reads one value. Throws only <see cref="MessageDecodeException"/> or the reader's own exceptions,
    /// which <see cref="MessageCodec"/> wraps into one; <paramref name="strings"/> interns decoded strings.
    /// </summary>
    T Read(ref MessagePackReader reader, StringPool strings);
}
