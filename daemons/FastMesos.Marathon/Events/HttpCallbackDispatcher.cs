namespace FastMesos.Marathon.Events;

/// <summary>
/// Marathon's HTTP callback event subscriber (<c>--event_subscriber http_callback</c>,
/// specs/marathon.md §7): a sink on the <see cref="EventBus"/> that POSTs each event's JSON to every
/// registered URL. Each URL has its own <see cref="CallbackReceiver"/> (bounded queue, one pump), so
/// <see cref="Offer"/> — called on the scheduler loop — only enqueues, and a receiver that is down
/// delays nobody else. All receivers share one <see cref="HttpClient"/> with pooled connections.
/// Thread-safe.
/// </summary>
public sealed class HttpCallbackDispatcher : IEventSink, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CallbackOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly HttpClient _client;
    private CallbackReceiver[] _receivers = [];
    private bool _disposed;

    public HttpCallbackDispatcher(CallbackOptions options, TimeProvider time, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.QueueCapacity < 1 || options.MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "the queue capacity and the attempts must be at least 1");
        _options = options;
        _time = time;
        _log = log;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            // Re-resolves a receiver's name now and then instead of pinning one address forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        { Timeout = Timeout.InfiniteTimeSpan }; // each POST has its own deadline (CallbackReceiver)
    }

    /// <summary>The receivers, in the order they were added.</summary>
    public IReadOnlyList<CallbackReceiver> Receivers => Volatile.Read(ref _receivers);

    /// <summary>Starts delivering to <paramref name="url"/>; false when it is already a receiver.</summary>
    public bool Add(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Find(url) is not null)
                return false;
            _receivers = [.. _receivers, new CallbackReceiver(url, _client, _options, _time, _log)];
            return true;
        }
    }

    /// <summary>Stops delivering to <paramref name="url"/> (its queued events are abandoned); false when it was not a receiver.</summary>
    public async Task<bool> RemoveAsync(Uri url)
    {
        CallbackReceiver? receiver;
        lock (_gate)
        {
            receiver = Find(url);
            if (receiver is null)
                return false;
            var next = new List<CallbackReceiver>(_receivers);
            next.Remove(receiver);
            _receivers = [.. next];
        }
        await receiver.StopAsync().ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public void Offer(string eventType, ReadOnlyMemory<byte> json)
    {
        foreach (CallbackReceiver receiver in Volatile.Read(ref _receivers))
            receiver.Offer(json);
    }

    private CallbackReceiver? Find(Uri url)
    {
        foreach (CallbackReceiver receiver in _receivers)
        {
            if (receiver.Url == url)
                return receiver;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        CallbackReceiver[] receivers;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            receivers = _receivers;
            _receivers = [];
        }
        foreach (CallbackReceiver receiver in receivers)
            await receiver.StopAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
