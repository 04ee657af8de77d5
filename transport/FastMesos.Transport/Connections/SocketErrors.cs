using System.Net.Sockets;

namespace FastMesos.Transport.Connections;

/// <summary>Turns socket failures into close reasons, in one place (Kestrel keeps the same split).</summary>
internal static class SocketErrors
{
    /// <summary>A reset or broken pipe is the peer going away (<see cref="CloseReason.RemoteClosed"/>); anything else is a <see cref="CloseReason.SocketError"/>.</summary>
    public static CloseInfo Classify(Exception ex, string operation)
    {
        if (ex is SocketException socketException)
        {
            return IsPeerGone(socketException.SocketErrorCode)
                ? new CloseInfo(CloseReason.RemoteClosed, $"connection reset by the peer ({operation}: {socketException.SocketErrorCode})", ex)
                : new CloseInfo(CloseReason.SocketError, $"{operation} failed: {socketException.SocketErrorCode}", ex);
        }

        return new CloseInfo(CloseReason.SocketError, $"{operation} failed: {ex.GetType().Name}: {ex.Message}", ex);
    }

    // EPIPE surfaces as Shutdown on Linux; ECONNRESET as ConnectionReset; an RST during accept or
    // after our own shutdown as ConnectionAborted.
    private static bool IsPeerGone(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NetworkReset;
}
