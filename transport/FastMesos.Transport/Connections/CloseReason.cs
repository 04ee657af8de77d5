namespace FastMesos.Transport.Connections;

/// <summary>Why a connection closed. A connection records only the first reason it is given.</summary>
public enum CloseReason
{
    /// <summary>The peer closed or reset the connection.</summary>
    RemoteClosed = 1,

    /// <summary>This side closed it on purpose.</summary>
    LocalClose,

    /// <summary>A frame's declared length exceeded the maximum frame size (received or, as a bug, sent).</summary>
    FrameTooLarge,

    /// <summary>A frame's length was below two, or the stream ended inside a frame.</summary>
    MalformedFrame,

    /// <summary>The preamble was wrong (magic, version, role, token), truncated or late; or the peer refused ours.</summary>
    BadPreamble,

    /// <summary>No bytes arrived for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The layer above missed too many heartbeats (the transport only carries the reason).</summary>
    HeartbeatTimeout,

    /// <summary>The frame handler or a payload writer threw.</summary>
    HandlerFault,

    /// <summary>The socket failed other than by an orderly close or reset.</summary>
    SocketError,

    /// <summary>The send queue stayed full (the peer stopped reading) for the send-stall timeout.</summary>
    SendQueueFull,

    /// <summary>A frame was well formed but its payload did not decode as the message its type names.</summary>
    MalformedMessage,

    /// <summary>A message decoded but is not one this side accepts from this peer.</summary>
    UnexpectedMessage,
}
