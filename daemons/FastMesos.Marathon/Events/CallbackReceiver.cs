using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;

namespace FastMesos.Marathon.Events;

/// <summary>
/// One callback URL: a bounded queue of event JSON and one pump that POSTs them in order, each with
/// a per-request timeout and a bounded number of retries with doubling backoff. A receiver that is
/// down or slow only ever delays its own queue; the bus and the other receivers never wait for it.
/// <para>
/// When the queue is full the OLDEST event is dropped (counted in <see cref="Dropped"/>, logged on
/// the first drop and every 1024th). Marathon's events are cache invalidation (specs/marathon.md §7:
/// ordering is not even guaranteed), so a receiver that comes back is better served by the newest
/// events, which describe the current state, than by a backlog of stale ones; and the queue then
/// always holds the most recent window, whatever the outage length.
/// </para>
/// </summary>
public sealed class CallbackReceiver
{
    private const int DropLogEvery = 1024;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly CallbackOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly CancellationTokenSource _stop = new();
    private long _dropped;
    private long _delivered;
    private long _failed;
    private bool _failing;

    internal CallbackReceiver(Uri url, HttpClient client, CallbackOptions options, TimeProvider time, Action<string>? log)
    {
        Url = url;
        _client = client;
        _options = options;
        _time = time;
        _log = log;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
        Pump = Task.Run(PumpAsync);
    }

    public Uri Url { get; }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events the receiver answered with a 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Events given up after the retries or the slow-consumer timeout.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events waiting.</summary>
    public int Queued => _queue.Reader.Count;

    internal Task Pump { get; }

    /// <summary>Queues one event; never waits (a full queue drops its oldest).</summary>
    internal void Offer(ReadOnlyMemory<byte> json) => _queue.Writer.TryWrite(json);

    /// <summary>Stops the pump; queued events are abandoned.</summary>
    internal async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void OnDropped(ReadOnlyMemory<byte> json)
    {
        long dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % DropLogEvery == 0)
            _log?.Invoke($"W Event callback {Url}: queue full ({_options.QueueCapacity}), dropping the oldest events ({dropped} so far)");
    }

    private async Task PumpAsync()
    {
        ChannelReader<ReadOnlyMemory<byte>> reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out ReadOnlyMemory<byte> json))
                {
                    if (await DeliverAsync(json).ConfigureAwait(false))
                        Interlocked.Increment(ref _delivered);
                    else
                        Interlocked.Increment(ref _failed);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Unsubscribed or shutting down.
        }
    }

    /// <summary>POSTs one event until a 2xx, a non-retryable answer, the attempts or the slow-consumer budget run out.</summary>
    private async Task<bool> DeliverAsync(ReadOnlyMemory<byte> json)
    {
        long started = _time.GetTimestamp();
        TimeSpan backoff = _options.RetryBackoff;
        string? failure = null;
        for (int attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan left = _options.SlowConsumerTimeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                break;
            (bool ok, bool retryable, failure) = await PostAsync(json, left < _options.RequestTimeout ? left : _options.RequestTimeout).ConfigureAwait(false);
            if (ok)
            {
                if (_failing)
                    _log?.Invoke($"I Event callback {Url} is reachable again ({Failed} events given up meanwhile)");
                _failing = false;
                return true;
            }
            if (!retryable || attempt == _options.MaxAttempts || _time.GetElapsedTime(started) + backoff >= _options.SlowConsumerTimeout)
                break;
            await Task.Delay(backoff, _time, _stop.Token).ConfigureAwait(false);
            backoff *= 2;
        }
        if (!_failing)
            _log?.Invoke($"W Event callback {Url} failed ({failure ?? "slow consumer"}); giving up events until it answers again");
        _failing = true;
        return false;
    }

    private async Task<(bool Ok, bool Retryable, string? Failure)> PostAsync(ReadOnlyMemory<byte> json, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, deadline.Token);
        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return (true, false, null);
            // A 4xx will not change by asking again, except "too slow" and "too many".
            HttpStatusCode status = response.StatusCode;
            bool retryable = (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (false, retryable, $"HTTP {(int)status}");
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            return (false, true, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return (false, true, e.Message);
        }
    }
}
