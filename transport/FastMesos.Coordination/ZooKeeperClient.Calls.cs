using System.Buffers.Binary;
using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// Sends one request and awaits its reply. Waits for a connection first (while the session may
    /// still be resumed); the xid is taken and the call queued under the send lock, so queue order is
    /// wire order. A connection lost before the reply fails the call with <see cref="ConnectionLossException"/>.
    /// </summary>
    private async Task<Reply> CallAsync(int op, string? clientPath, JuteWriter? body, WatchKind watchKind, Action<WatchedEvent>? watcher,
        CancellationToken cancellationToken, bool closing = false)
    {
        ServerConnection connection = await CurrentConnectionAsync(cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte> bodyBytes = body?.Written ?? ReadOnlyMemory<byte>.Empty;
        byte[] packet = new byte[12 + bodyBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(packet, 8 + bodyBytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(8), op);
        bodyBytes.Span.CopyTo(packet.AsSpan(12));

        string? serverPath = watcher is null || clientPath is null ? null : ToServerPath(clientPath);
        PendingCall call;
        await connection.SendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int xid;
            lock (_lock)
            {
                xid = ++_xid;
            }

            BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), xid);
            call = new PendingCall(xid, clientPath, watchKind, watcher, serverPath);
            lock (connection.Pending)
            {
                if (connection.IsClosed)
                    throw new ConnectionLossException($"connection to {connection.Endpoint} closed before the request was sent");
                connection.Pending.Enqueue(call);
            }

            if (closing)
                MarkClosing(connection);
            try
            {
                await connection.Stream.WriteAsync(packet, connection.Stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                OnConnectionLost(connection, $"send failed: {e.Message}");
            }
        }
        finally
        {
            connection.SendLock.Release();
        }

        return await call.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After closeSession is queued the server will close the socket: that is no reason to reconnect.</summary>
    private void MarkClosing(ServerConnection connection)
    {
        lock (_lock)
        {
            _closing = true;
            if (_connection == connection)
                _connection = null;
        }
    }

    private async Task<ServerConnection> CurrentConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task connected;
            lock (_lock)
            {
                switch (_state)
                {
                    case ZooKeeperState.Closed:
                        throw new ObjectDisposedException(nameof(ZooKeeperClient));
                    case ZooKeeperState.Expired:
                        throw new SessionExpiredException("the session has expired");
                }

                if (_closing)
                    throw new ObjectDisposedException(nameof(ZooKeeperClient), "the session is being closed");

                if (_connection is { IsClosed: false } connection)
                    return connection;
                connected = _connected.Task;
            }

            try
            {
                await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SessionExpiredException)
            {
                throw new SessionExpiredException("the session has expired");
            }
        }
    }

    /// <summary>
    /// Decodes a reply body. A body that does not parse means the stream cannot be trusted: the
    /// connection is closed (its other calls fail with connection loss) and so does this call.
    /// </summary>
    private T Decode<T>(in Reply reply, Func<byte[], T> decode)
    {
        try
        {
            return decode(reply.Body);
        }
        catch (ZooKeeperProtocolException e)
        {
            string reason = $"malformed reply: {e.Message}";
            OnConnectionLost(reply.Connection, reason);
            throw new ConnectionLossException($"connection to {reply.Connection.Endpoint} lost: {reason}");
        }
    }

    private static void ThrowIfError(in Reply reply, string? path)
    {
        if (reply.Error != ZooKeeperErrorCode.Ok)
            throw ZooKeeperException.Create(reply.Error, path);
    }
}
