using System.Threading.Channels;
using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination;

/// <summary>
/// A ZooKeeper session over the wire protocol. Calls are pipelined on one connection (replies come back
/// in send order and are matched by xid); pings keep the session alive; a lost connection is re-opened
/// to the next server of the list with the same session id and password, until the session timeout
/// passes without a server (then, or when a server says so, the session is <see cref="ZooKeeperState.Expired"/>:
/// every pending and later call fails with <see cref="SessionExpiredException"/>). Watches and state
/// changes are delivered in order on one dispatcher task, never on the socket reader.
/// </summary>
public sealed partial class ZooKeeperClient : IAsyncDisposable
{
    private static readonly byte[] NoPassword = new byte[16];

    private readonly ZooKeeperConnectionString _target;
    private readonly ZooKeeperClientOptions _options;
    private readonly TimeProvider _time;
    private readonly WatchRegistry _watches = new();
    private readonly Channel<(Action<WatchedEvent>? Watcher, WatchedEvent Event)> _events =
        Channel.CreateUnbounded<(Action<WatchedEvent>?, WatchedEvent)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _expired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _lock = new();
    private readonly Task _dispatcher;

    // Guarded by _lock.
    private ServerConnection? _connection;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ZooKeeperState _state = ZooKeeperState.Disconnected;
    private int _nextHost;
    private int _xid;
    private bool _closing;
    private int _pingsAnswered;

    private long _sessionId;
    private byte[] _password = NoPassword;
    private long _lastZxid;
    private int _negotiatedTimeoutMs;
    private Task _reconnect = Task.CompletedTask;

    private ZooKeeperClient(ZooKeeperConnectionString target, ZooKeeperClientOptions options)
    {
        _target = target;
        _options = options;
        _time = options.TimeProvider;
        _nextHost = Random.Shared.Next(target.Hosts.Count);
        _dispatcher = Task.Run(DispatchEventsAsync);
    }

    /// <summary>Raised (on the dispatcher) for every state change.</summary>
    public event Action<ZooKeeperState>? StateChanged;

    public ZooKeeperState State
    {
        get
        {
            lock (_lock)
                return _state;
        }
    }

    public long SessionId => Interlocked.Read(ref _sessionId);

    /// <summary>The timeout the server granted.</summary>
    public TimeSpan SessionTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMs));

    /// <summary>Completes when the session expires (never when the client is merely disposed).</summary>
    public Task Expired => _expired.Task;

    /// <summary>The server of the current connection ("host:port"), null while disconnected.</summary>
    public string? ConnectedServer
    {
        get
        {
            lock (_lock)
                return _connection?.Endpoint;
        }
    }

    /// <summary>Ping replies received over the client's life, for the keep-alive tests.</summary>
    internal int PingsAnswered => Volatile.Read(ref _pingsAnswered);

    /// <summary>Completes when the client is disposed.</summary>
    public Task Closed => _closed.Task;

    public string Chroot => _target.Chroot;

    /// <summary>Opens a session with one of the servers; throws when none answered within the session timeout.</summary>
    public static async Task<ZooKeeperClient> ConnectAsync(string connectionString, ZooKeeperClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var client = new ZooKeeperClient(ZooKeeperConnectionString.Parse(connectionString), options ?? new ZooKeeperClientOptions());
        try
        {
            await client.EstablishAsync(firstTime: true, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the session (its ephemeral nodes go at once) and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        bool wasConnected;
        ServerConnection? current;
        lock (_lock)
        {
            if (_state == ZooKeeperState.Closed)
                return;
            wasConnected = _state == ZooKeeperState.Connected;
            current = _connection;
        }

        if (wasConnected)
        {
            try
            {
                using var bound = new CancellationTokenSource(_options.ConnectTimeout, _time);
                await CallAsync(OpCode.CloseSession, null, null, default, null, bound.Token, closing: true).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZooKeeperException or OperationCanceledException or ObjectDisposedException)
            {
                // The session then ends by timeout on the server; nothing else to do.
            }
        }

        ServerConnection? connection;
        lock (_lock)
        {
            connection = _connection;
            _connection = null;
            SetState(ZooKeeperState.Closed);
            _connected.TrySetException(new ObjectDisposedException(nameof(ZooKeeperClient)));
        }

        _disposing.Cancel();
        connection ??= current;
        if (connection is not null)
            Close(connection, "client disposed", () => new ConnectionLossException("the client was disposed"));
        try
        {
            await _reconnect.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _closed.TrySetResult();
        _events.Writer.TryComplete();
        await _dispatcher.ConfigureAwait(false);
    }

    /// <summary>The watches this client holds, per table (server paths): for tests of the recipes' watch discipline.</summary>
    internal (List<string> Data, List<string> Exists, List<string> Child) WatchedPaths() => _watches.Paths();

    /// <summary>Maps a caller's path to the server's (chroot prefixed), validating it.</summary>
    internal string ToServerPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/' || (path.Length > 1 && path[^1] == '/') || path.Contains("//", StringComparison.Ordinal) || path.Contains('\0'))
            throw new ArgumentException($"'{path}' is not a valid ZooKeeper path (absolute, no empty segment, no trailing slash)", nameof(path));
        if (_target.Chroot.Length == 0)
            return path;
        return path == "/" ? _target.Chroot : _target.Chroot + path;
    }

    /// <summary>Maps a server path back under the chroot.</summary>
    internal string ToClientPath(string serverPath)
    {
        string chroot = _target.Chroot;
        if (chroot.Length == 0)
            return serverPath;
        if (serverPath == chroot)
            return "/";
        return serverPath.StartsWith(chroot + "/", StringComparison.Ordinal) ? serverPath[chroot.Length..] : serverPath;
    }

    private void SetState(ZooKeeperState state)
    {
        // Caller holds _lock, so the dispatcher sees state changes in order.
        if (_state == state)
            return;
        _state = state;
        _events.Writer.TryWrite((null, new WatchedEvent(WatchEventType.None, state, null)));
    }

    private void Log(string message) => _options.Log?.Invoke($"zookeeper session 0x{SessionId:x}: {message}");

    private async Task DispatchEventsAsync()
    {
        await foreach ((Action<WatchedEvent>? watcher, WatchedEvent e) in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (watcher is null)
                    StateChanged?.Invoke(e.State);
                else
                    watcher(e);
            }
            catch (Exception ex)
            {
                // A faulty callback must not stop the delivery of the others.
                Log($"a watch callback threw: {ex}");
            }
        }
    }
}
