using System.Buffers;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Receives a connection's frames and life-cycle events. Calls for one connection never overlap
/// and arrive in order; calls for different connections may run concurrently.
/// </summary>
public interface IFrameHandler
{
    /// <summary>
    /// One frame. <paramref name="payload"/> is a view of the receive buffer, valid only during the
    /// call: decode or copy it before returning. The call runs on the connection's receive path, so
    /// keep it short; an exception closes this connection (<see cref="CloseReason.HandlerFault"/>) only.
    /// </summary>
    void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload);

    /// <summary>
    /// Dialer only: this side's preamble is written but not yet sent, and the listener has not
    /// answered. Frames sent here with <see cref="FrameConnection.TrySend{TPayload}"/> leave in the
    /// preamble's segment, so a greeting such as a registration costs no round trip of waiting for the
    /// listener's preamble. <see cref="FrameConnection.RemoteRole"/> is not known yet; if the listener
    /// refuses the preamble, the greeting is dropped with the connection and neither
    /// <see cref="OnConnected"/> nor <see cref="OnClosed"/> follows. Runs under the connection's send
    /// lock: send, do not wait.
    /// </summary>
    void OnGreeting(FrameConnection connection)
    {
    }

    /// <summary>The preambles were exchanged; frames may follow. Called before the first <see cref="OnFrame"/>.</summary>
    void OnConnected(FrameConnection connection)
    {
    }

    /// <summary>The connection is gone and its buffers are returned; called once, after the last <see cref="OnFrame"/>.</summary>
    void OnClosed(FrameConnection connection, CloseInfo info)
    {
    }
}
