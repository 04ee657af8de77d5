using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Keeps one connection to an endpoint alive: dials, and after every failed dial or lost connection
/// waits a full-jitter exponential backoff and dials again, until disposed. The backoff resets once
/// a dial succeeds. Callbacks run on the dialer's loop, one at a time.
/// </summary>
public sealed class ReconnectingDialer : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly EndPoint _endPoint;
    private readonly DialOptions _options;
    private readonly IFrameHandler _handler;
    private readonly ReconnectOptions _reconnect;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private FrameConnection? _current;
    private Task _loop = Task.CompletedTask;
    private int _started;

    /// <summary>Prepares a dialer; nothing happens until <see cref="Start"/>.</summary>
    public ReconnectingDialer(ITransport transport, EndPoint endPoint, DialOptions options, IFrameHandler handler, ReconnectOptions? reconnect = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _endPoint = endPoint ?? throw new ArgumentNullException(nameof(endPoint));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _reconnect = reconnect ?? new ReconnectOptions();
        _random = _reconnect.Seed is { } seed ? new Random(seed) : new Random();
    }

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
        if (Interlocked.Exchange(ref _started, 1) == 0)
            _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Stops redialing, closes the live connection in order and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        Current?.Close(CloseReason.LocalClose, "the dialer stopped");
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        int attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            Exception? error = null;
            FrameConnection? connection = null;
            try
            {
                connection = await _transport.DialAsync(_endPoint, _options, _handler, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
                _options.Log?.Invoke($"dial {_endPoint} failed (attempt {attempt + 1}): {ex.Message}");
            }

            if (connection is not null)
            {
                attempt = 0;
                Volatile.Write(ref _current, connection);
                Invoke(() => Connected?.Invoke(connection));
                if (stopping.IsCancellationRequested)
                    connection.Close(CloseReason.LocalClose, "the dialer stopped");
                CloseInfo info = await connection.Closed.ConfigureAwait(false);
                Volatile.Write(ref _current, null);
                Invoke(() => Disconnected?.Invoke(connection, info));
            }

            if (stopping.IsCancellationRequested)
                return;

            TimeSpan delay = Backoff.FullJitter(attempt, _reconnect.BaseDelay, _reconnect.MaxDelay, _random);
            // Create the delay before announcing it, so a test that advances a fake clock on the
            // announcement always moves a timer that already exists.
            Task wait = Task.Delay(delay, _reconnect.TimeProvider, stopping);
            int announced = attempt;
            Invoke(() => BackingOff?.Invoke(announced, delay, error));
            attempt++;
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Invoke(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception ex)
        {
            _options.Log?.Invoke($"dialer {_endPoint}: a callback threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}
