using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Keeps one connection to the leading master alive: asks its <see cref="IMasterLocator"/> where the
/// leader is (waiting while none is known), dials it, and after every failed dial or lost connection
/// waits a full-jitter exponential backoff and dials again, until disposed. The backoff resets once
/// a dial succeeds or the leader moves. When the locator names another leader (or none) while
/// connected, the connection is closed so the next dial reaches the new one (Mesos' agents and
/// drivers re-detect the master the same way). Callbacks run on the dialer's loop, one at a time.
/// </summary>
public sealed class ReconnectingDialer : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly IMasterLocator _locator;
    private readonly DialOptions _options;
    private readonly IFrameHandler _handler;
    private readonly ReconnectOptions _reconnect;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action _onLocatorChanged;
    private FrameConnection? _current;
    // The address _current was dialed at; written before _current is published.
    private EndPoint? _currentTarget;
    // Cancelled when the leader moves, to cut a backoff wait short; null outside a wait.
    private CancellationTokenSource? _backoffWait;
    private Task _loop = Task.CompletedTask;
    private int _started;

    /// <summary>Prepares a dialer of one fixed endpoint; nothing happens until <see cref="Start"/>.</summary>
    public ReconnectingDialer(ITransport transport, EndPoint endPoint, DialOptions options, IFrameHandler handler, ReconnectOptions? reconnect = null)
        : this(transport, new FixedMasterLocator(endPoint ?? throw new ArgumentNullException(nameof(endPoint))), options, handler, reconnect)
    {
    }

    /// <summary>Prepares a dialer that follows <paramref name="locator"/>; nothing happens until <see cref="Start"/>.</summary>
    public ReconnectingDialer(ITransport transport, IMasterLocator locator, DialOptions options, IFrameHandler handler, ReconnectOptions? reconnect = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _locator = locator ?? throw new ArgumentNullException(nameof(locator));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _reconnect = reconnect ?? new ReconnectOptions();
        _random = _reconnect.Seed is { } seed ? new Random(seed) : new Random();
        _onLocatorChanged = OnLocatorChanged;
    }

    /// <summary>Where the dialer looks for the master.</summary>
    public IMasterLocator Locator => _locator;

    /// <summary>A dial succeeded.</summary>
    public Action<FrameConnection>? Connected { get; init; }

    /// <summary>The connection of the last <see cref="Connected"/> is torn down.</summary>
    public Action<FrameConnection, CloseInfo>? Disconnected { get; init; }

    /// <summary>Waiting <c>delay</c> before retry number <c>attempt</c> (0-based); <c>error</c> is the failed dial's, null after a lost connection.</summary>
    public Action<int, TimeSpan, Exception?>? BackingOff { get; init; }

    /// <summary>The live connection, or null between connections.</summary>
    public FrameConnection? Current => Volatile.Read(ref _current);

    /// <summary>Starts dialing (once).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            return;
        _locator.Changed += _onLocatorChanged;
        _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Stops redialing, closes the live connection in order and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        _locator.Changed -= _onLocatorChanged;
        Current?.Close(CloseReason.LocalClose, "the dialer stopped");
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        int attempt = 0;
        EndPoint? lastTarget = null;
        while (!stopping.IsCancellationRequested)
        {
            EndPoint target;
            try
            {
                if (_locator.Current is null)
                    _options.Log?.Invoke($"no leading master is known ({_locator}): waiting for one");
                target = await _locator.WaitForMasterAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!target.Equals(lastTarget))
            {
                // A new leader starts a fresh backoff: the failures were the old one's.
                attempt = 0;
                lastTarget = target;
                _options.Log?.Invoke($"dialing the master at {target}");
            }

            Exception? error = null;
            FrameConnection? connection = null;
            try
            {
                connection = await _transport.DialAsync(target, _options, _handler, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
                _options.Log?.Invoke($"dial {target} failed (attempt {attempt + 1}): {ex.Message}");
            }

            if (connection is not null)
            {
                attempt = 0;
                Volatile.Write(ref _currentTarget, target);
                Volatile.Write(ref _current, connection);
                Invoke(() => Connected?.Invoke(connection));
                if (stopping.IsCancellationRequested)
                    connection.Close(CloseReason.LocalClose, "the dialer stopped");
                // The leader may have moved while dialing, before Changed could see this connection.
                CloseIfNotLeader(connection, target);
                CloseInfo info = await connection.Closed.ConfigureAwait(false);
                Volatile.Write(ref _current, null);
                Invoke(() => Disconnected?.Invoke(connection, info));
            }

            if (stopping.IsCancellationRequested)
                return;
            if (await BackOffAsync(attempt, target, error, stopping).ConfigureAwait(false))
                return;
            attempt++;
        }
    }

    /// <summary>
    /// Waits the backoff of <paramref name="attempt"/> after a dial of or a connection to
    /// <paramref name="target"/>, cut short when the leader moves; true when stopping.
    /// </summary>
    private async Task<bool> BackOffAsync(int attempt, EndPoint target, Exception? error, CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Volatile.Write(ref _backoffWait, wait);
        // A leader that moved while the dial was out found no wait to cut short: the failures were
        // the old leader's, so the wait is a first one's, not the next of the doubling series (after
        // a few seconds of failed dials of a killed master, seconds long). Read after the wait is
        // published, so a move either shows here or cancels the wait.
        if (!target.Equals(_locator.Current))
            attempt = 0;
        TimeSpan delay = Backoff.FullJitter(attempt, _reconnect.BaseDelay, _reconnect.MaxDelay, _random);
        try
        {
            // Create the delay before announcing it, so a test that advances a fake clock on the
            // announcement always moves a timer that already exists.
            Task delayed = Task.Delay(delay, _reconnect.TimeProvider, wait.Token);
            Invoke(() => BackingOff?.Invoke(attempt, delay, error));
            await delayed.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return stopping.IsCancellationRequested;
        }
        finally
        {
            Volatile.Write(ref _backoffWait, null);
        }

        return false;
    }

    private void OnLocatorChanged()
    {
        try
        {
            Volatile.Read(ref _backoffWait)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait just ended on its own.
        }

        if (Volatile.Read(ref _current) is { } connection && Volatile.Read(ref _currentTarget) is { } target)
            CloseIfNotLeader(connection, target);
    }

    private void CloseIfNotLeader(FrameConnection connection, EndPoint target)
    {
        EndPoint? leader = _locator.Current;
        if (target.Equals(leader))
            return;
        string why = leader is null
            ? $"the leading master at {target} was lost and no new one is known yet"
            : $"a new leading master was detected: {leader}";
        _options.Log?.Invoke($"closing the connection to {target}: {why}");
        connection.Close(CloseReason.LocalClose, why);
    }

    private void Invoke(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception ex)
        {
            _options.Log?.Invoke($"dialer of {_locator}: a callback threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}
