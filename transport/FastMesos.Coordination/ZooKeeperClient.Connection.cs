using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination;

public sealed partial class ZooKeeperClient
{
    private const int ReplyHeaderSize = 16;
    private const int MaxConnectResponseLength = 4096;

    /// <summary>
    /// Tries the servers round-robin until one accepts the session. Gives up (first connect: throws;
    /// later: expires the session) once a session timeout has passed since the connection was lost.
    /// </summary>
    private async Task EstablishAsync(bool firstTime, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        int timeoutMs = firstTime ? (int)_options.SessionTimeout.TotalMilliseconds : Volatile.Read(ref _negotiatedTimeoutMs);
        string lastError = "no attempt";
        for (int attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan left = TimeSpan.FromMilliseconds(timeoutMs) - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                string reason = $"no server accepted the session within {timeoutMs} ms (last: {lastError})";
                if (firstTime)
                    throw new ConnectionLossException(reason);
                Expire(reason);
                return;
            }

            (string host, int port) = _target.Hosts[_nextHost];
            _nextHost = (_nextHost + 1) % _target.Hosts.Count;
            try
            {
                TimeSpan bound = left < _options.ConnectTimeout ? left : _options.ConnectTimeout;
                if (await TryHandshakeAsync(host, port, bound, cancellationToken).ConfigureAwait(false))
                    return;
                return; // expired by the server
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ZooKeeperProtocolException && !cancellationToken.IsCancellationRequested)
            {
                lastError = $"{host}:{port}: {e.Message}";
            }

            if ((attempt + 1) % _target.Hosts.Count == 0)
                await Task.Delay(_options.ReconnectDelay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Connects and runs the session handshake. False when the server declared the session expired.</summary>
    private async Task<bool> TryHandshakeAsync(string host, int port, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // A NetworkStream needs a connected socket, so the connection object starts here.
        var connection = new ServerConnection(socket, $"{host}:{port}", _time);
        bool installed = false;
        try
        {
            var writer = new JuteWriter();
            writer.BeginPacket();
            writer.WriteInt(0); // protocol version
            writer.WriteLong(Interlocked.Read(ref _lastZxid));
            writer.WriteInt((int)_options.SessionTimeout.TotalMilliseconds);
            writer.WriteLong(SessionId);
            writer.WriteBuffer(_password);
            writer.WriteBool(false); // read-only not wanted
            writer.EndPacket();
            await connection.Stream.WriteAsync(writer.Written, timeout.Token).ConfigureAwait(false);

            byte[] response = await ReadPacketAsync(connection.Stream, MaxConnectResponseLength, timeout.Token).ConfigureAwait(false);
            int negotiated;
            long sessionId;
            byte[] password;
            ParseConnectResponse(response, out negotiated, out sessionId, out password);
            if (negotiated <= 0)
            {
                Expire($"server {connection.Endpoint} reports the session expired");
                return false;
            }

            writer.Reset();
            if (_target.User is not null)
            {
                writer.BeginPacket();
                writer.WriteInt(OpCode.AuthXid);
                writer.WriteInt(OpCode.Auth);
                writer.WriteInt(0);
                writer.WriteString("digest");
                writer.WriteBuffer(System.Text.Encoding.UTF8.GetBytes($"{_target.User}:{_target.Password}"));
                writer.EndPacket();
            }

            (List<string> data, List<string> exists, List<string> child) = _watches.Paths();
            if (data.Count + exists.Count + child.Count > 0)
            {
                // Re-arms the watches on the server; it fires those whose node changed past relativeZxid.
                writer.BeginPacket();
                writer.WriteInt(OpCode.SetWatchesXid);
                writer.WriteInt(OpCode.SetWatches);
                writer.WriteLong(Interlocked.Read(ref _lastZxid));
                WriteStrings(writer, data);
                WriteStrings(writer, exists);
                WriteStrings(writer, child);
                writer.EndPacket();
            }

            if (writer.Written.Length > 0)
                await connection.Stream.WriteAsync(writer.Written, timeout.Token).ConfigureAwait(false);

            lock (_lock)
            {
                if (_state is ZooKeeperState.Closed or ZooKeeperState.Expired)
                    throw new OperationCanceledException("the client closed while connecting");
                if (_sessionId != 0 && _sessionId != sessionId)
                    ZooKeeperProtocolException.Throw($"server gave session 0x{sessionId:x}, expected 0x{_sessionId:x}");
                Interlocked.Exchange(ref _sessionId, sessionId);
                _password = password;
                Volatile.Write(ref _negotiatedTimeoutMs, negotiated);
                connection.LastReceived = _time.GetTimestamp();
                _connection = connection;
                installed = true;
                SetState(ZooKeeperState.Connected);
                _connected.TrySetResult();
            }

            Log($"connected to {connection.Endpoint}, timeout {negotiated} ms");
            _ = ReadLoopAsync(connection);
            _ = PingLoopAsync(connection, negotiated);
            return true;
        }
        finally
        {
            if (!installed)
                connection.TryClose();
        }
    }

    private static void WriteStrings(JuteWriter writer, List<string> values)
    {
        writer.WriteInt(values.Count);
        foreach (string value in values)
            writer.WriteString(value);
    }

    private static void ParseConnectResponse(byte[] packet, out int timeoutMs, out long sessionId, out byte[] password)
    {
        var reader = new JuteReader(packet);
        reader.ReadInt(); // protocol version
        timeoutMs = reader.ReadInt();
        sessionId = reader.ReadLong();
        password = reader.ReadBuffer() ?? NoPassword;
        // A trailing read-only flag may follow; it is ignored.
    }

    /// <summary>Reads one length-prefixed packet, refusing lengths outside [1, max] before buffering anything.</summary>
    private static async Task<byte[]> ReadPacketAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        int length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 1 || length > max)
            ZooKeeperProtocolException.Throw($"packet length {length} outside [1, {max}]");
        byte[] packet = new byte[length];
        await stream.ReadExactlyAsync(packet, cancellationToken).ConfigureAwait(false);
        return packet;
    }

    private async Task ReadLoopAsync(ServerConnection connection)
    {
        byte[] prefix = new byte[4];
        try
        {
            while (true)
            {
                await connection.Stream.ReadExactlyAsync(prefix, connection.Stopping.Token).ConfigureAwait(false);
                int length = BinaryPrimitives.ReadInt32BigEndian(prefix);
                if (length < ReplyHeaderSize || length > _options.MaxReplyLength)
                    ZooKeeperProtocolException.Throw($"reply length {length} outside [{ReplyHeaderSize}, {_options.MaxReplyLength}]");
                byte[] packet = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    await connection.Stream.ReadExactlyAsync(packet.AsMemory(0, length), connection.Stopping.Token).ConfigureAwait(false);
                    connection.LastReceived = _time.GetTimestamp();
                    HandlePacket(connection, packet.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(packet);
                }
            }
        }
        catch (Exception e)
        {
            string reason = e switch
            {
                EndOfStreamException => "the server closed the connection",
                ZooKeeperProtocolException => $"malformed reply: {e.Message}",
                _ => e.Message,
            };
            OnConnectionLost(connection, reason);
        }
    }

    private void HandlePacket(ServerConnection connection, ReadOnlySpan<byte> packet)
    {
        var reader = new JuteReader(packet);
        int xid = reader.ReadInt();
        long zxid = reader.ReadLong();
        var error = (ZooKeeperErrorCode)reader.ReadInt();
        switch (xid)
        {
            case OpCode.PingXid:
                Interlocked.Increment(ref _pingsAnswered);
                return;
            case OpCode.SetWatchesXid:
                return;
            case OpCode.AuthXid:
                if (error != ZooKeeperErrorCode.Ok)
                    Log($"digest authentication failed: {error}");
                return;
            case OpCode.NotificationXid:
                var type = (WatchEventType)reader.ReadInt();
                reader.ReadInt(); // keeper state: always SyncConnected for node events
                string path = reader.ReadString() ?? ZooKeeperProtocolException.ThrowString("notification without a path");
                List<Action<WatchedEvent>> fired = _watches.Take(type, path);
                var watched = new WatchedEvent(type, ZooKeeperState.Connected, ToClientPath(path));
                foreach (Action<WatchedEvent> watcher in fired)
                    _events.Writer.TryWrite((watcher, watched));
                return;
        }

        PendingCall? call;
        lock (connection.Pending)
        {
            if (!connection.Pending.TryPeek(out call) || call.Xid != xid)
                ZooKeeperProtocolException.Throw($"reply xid {xid} does not match the oldest request ({(call is null ? "none" : call.Xid.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
            connection.Pending.Dequeue();
        }

        if (zxid > 0)
            InterlockedMax(ref _lastZxid, zxid);
        if (call.Watcher is not null && call.ServerPath is not null)
        {
            // Registered here, before any later notification is read, so the watch cannot miss its event.
            // An exists watch on a node that exists is a data watch (as the server files it): re-armed
            // after a reconnect as an exists watch, the server would fire NodeCreated at once.
            if (error == ZooKeeperErrorCode.Ok)
                _watches.Add(call.WatchKind == WatchKind.Exists ? WatchKind.Data : call.WatchKind, call.ServerPath, call.Watcher);
            else if (error == ZooKeeperErrorCode.NoNode && call.WatchKind == WatchKind.Exists)
                _watches.Add(WatchKind.Exists, call.ServerPath, call.Watcher);
        }

        call.Completion.TrySetResult(new Reply(error, packet[ReplyHeaderSize..].ToArray(), connection));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current = Interlocked.Read(ref target);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    /// <summary>Pings every third of the timeout; a server silent for two thirds of it is given up on.</summary>
    private async Task PingLoopAsync(ServerConnection connection, int timeoutMs)
    {
        TimeSpan interval = TimeSpan.FromMilliseconds(Math.Max(1, timeoutMs / 3));
        TimeSpan readTimeout = TimeSpan.FromMilliseconds(timeoutMs * 2 / 3);
        byte[] ping = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(ping, 8);
        BinaryPrimitives.WriteInt32BigEndian(ping.AsSpan(4), OpCode.PingXid);
        BinaryPrimitives.WriteInt32BigEndian(ping.AsSpan(8), OpCode.Ping);
        long pingSent = 0;
        try
        {
            while (!connection.IsClosed)
            {
                await Task.Delay(interval, _time, connection.Stopping.Token).ConfigureAwait(false);
                // The server is blamed only if a ping has been unanswered for a whole interval: a late
                // wake-up of this loop (a stalled process) must not read as a silent server.
                long lastReceived = connection.LastReceived;
                TimeSpan silent = _time.GetElapsedTime(lastReceived);
                if (silent > readTimeout && pingSent > lastReceived && _time.GetElapsedTime(pingSent) >= interval)
                {
                    OnConnectionLost(connection, $"nothing received for {silent.TotalMilliseconds:F0} ms (limit {readTimeout.TotalMilliseconds:F0} ms)");
                    return;
                }

                await connection.SendLock.WaitAsync(connection.Stopping.Token).ConfigureAwait(false);
                try
                {
                    await connection.Stream.WriteAsync(ping, connection.Stopping.Token).ConfigureAwait(false);
                    pingSent = _time.GetTimestamp();
                }
                finally
                {
                    connection.SendLock.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            OnConnectionLost(connection, $"ping failed: {e.Message}");
        }
    }

    /// <summary>Closes a connection once and fails its pending calls with what <paramref name="failure"/> makes.</summary>
    private void Close(ServerConnection connection, string reason, Func<Exception> failure)
    {
        if (!connection.TryClose())
            return;
        Log($"connection to {connection.Endpoint} closed: {reason}");
        lock (connection.Pending)
        {
            while (connection.Pending.TryDequeue(out PendingCall? call))
                call.Completion.TrySetException(failure());
        }
    }

    private void OnConnectionLost(ServerConnection connection, string reason)
    {
        lock (_lock)
        {
            if (_connection != connection)
            {
                Close(connection, reason, () => new ConnectionLossException(reason));
                return;
            }

            _connection = null;
            if (_state == ZooKeeperState.Connected)
            {
                SetState(ZooKeeperState.Disconnected);
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _reconnect = Task.Run(() => ReconnectAsync());
            }
        }

        Close(connection, reason, () => new ConnectionLossException($"connection to {connection.Endpoint} lost: {reason}"));
    }

    private async Task ReconnectAsync()
    {
        try
        {
            await EstablishAsync(firstTime: false, _disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
    }

    /// <summary>Terminal: the session is gone. Pending and later calls fail with <see cref="SessionExpiredException"/>.</summary>
    private void Expire(string reason)
    {
        ServerConnection? connection;
        lock (_lock)
        {
            if (_state is ZooKeeperState.Expired or ZooKeeperState.Closed)
                return;
            connection = _connection;
            _connection = null;
            SetState(ZooKeeperState.Expired);
            _connected.TrySetException(new SessionExpiredException(reason));
            _connected.Task.Exception?.Handle(static _ => true);
        }

        Log($"session expired: {reason}");
        _watches.Clear();
        if (connection is not null)
            Close(connection, reason, () => new SessionExpiredException(reason));
        _expired.TrySetResult();
    }
}
