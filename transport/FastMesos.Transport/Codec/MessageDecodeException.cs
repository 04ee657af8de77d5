using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// A payload that is not a valid message: truncated, malformed, too deep, too large for its bytes, or
/// carrying an unknown message type or enum value. It is the only exception decoding throws; the
/// connection that received the payload closes with <see cref="Exception.Message"/> as its reason.
/// </summary>
public sealed class MessageDecodeException : Exception
{
    public MessageDecodeException(string reason)
        : this(MessageType.None, "", reason, -1, null)
    {
    }

    public MessageDecodeException(string reason, Exception? innerException)
        : this(MessageType.None, "", reason, -1, innerException)
    {
    }

    private MessageDecodeException(MessageType messageType, string path, string reason, long offset, Exception? innerException)
        : base(Format(messageType, path, reason, offset), innerException)
    {
        MessageType = messageType;
        Path = path;
        Reason = reason;
        Offset = offset;
    }

    /// <summary>The message being decoded, or <see cref="MessageType.None"/> when it is not known.</summary>
    public MessageType MessageType { get; }

    /// <summary>The field that failed, e.g. <c>Status.TaskId</c> or <c>Offers[2].Resources[0]</c>; empty for the message itself.</summary>
    public string Path { get; }

    /// <summary>What was wrong, without the message and path.</summary>
    public string Reason { get; }

    /// <summary>How many payload bytes the reader had consumed when it failed, or -1.</summary>
    public long Offset { get; }

    /// <summary>The same failure one level further out: <paramref name="field"/> holds the value that failed.</summary>
    internal MessageDecodeException Within(string field)
    {
        string path = Path.Length == 0 ? field : Path[0] == '[' ? field + Path : field + "." + Path;
        return new MessageDecodeException(MessageType, path, Reason, Offset, InnerException);
    }

    /// <summary>The same failure attributed to a message and a payload offset.</summary>
    internal MessageDecodeException For(MessageType messageType, long offset) =>
        new(messageType, Path, Reason, offset, InnerException);

    private static string Format(MessageType messageType, string path, string reason, long offset)
    {
        string what = messageType == MessageType.None ? "message" : messageType.ToString();
        string where = path.Length == 0 ? "" : " field " + path;
        string at = offset < 0 ? "" : $" (byte {offset})";
        return $"Cannot decode {what}{where}{at}: {reason}";
    }
}
