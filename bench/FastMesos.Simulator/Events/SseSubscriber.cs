using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace FastMesos.Simulator.Events;

/// <summary>
/// One SSE client of the events benchmark: a GET /v2/events over its own loopback connection that
/// reads <c>data:</c> lines and records, for every benchmark event, now minus the publish timestamp
/// the event carries (<see cref="Stopwatch"/> ticks: publisher and subscribers share this process's clock).
/// </summary>
internal sealed class SseSubscriber : IDisposable
{
    /// <summary>The JSON property carrying the publish time; the publisher writes it first.</summary>
    public const string SentField = "sent";
    private const string SentPrefix = "data: {\"" + SentField + "\":";
    private const string SeqField = ",\"seq\":";

    private readonly HttpClient _http;
    private readonly LongHistogram _latencyMicros = new(TimeSpan.FromMinutes(1).Ticks / 10, 3);
    private long _received;
    private long _lastSeq = -1;

    public SseSubscriber(Uri baseAddress)
    {
        // One handler per subscriber: its own TCP connection, as separate clients would have.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Benchmark events received with a sequence number ≥ 0 (the warm-up's are negative).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The highest sequence number seen (-1: none).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>True when the stream ended (the server dropped this client) before it was cancelled.</summary>
    public bool Disconnected { get; private set; }

    /// <summary>Latencies of measured events, microseconds; read after the reading loop ended.</summary>
    public LongHistogram Latencies => _latencyMicros;

    /// <summary>Opens the stream; completes once the response headers arrived (the bus has subscribed it), returning the reading loop.</summary>
    public async Task<Task> ConnectAsync(string eventType, CancellationToken stop)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/events?event_type=" + eventType);
        request.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        Stream body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
        return ReadAsync(response, body, stop);
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream body, CancellationToken stop)
    {
        using (response)
        using (var reader = new StreamReader(body))
        {
            try
            {
                while (await reader.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
                {
                    if (line.StartsWith(SentPrefix, StringComparison.Ordinal))
                        Record(line, Stopwatch.GetTimestamp());
                }
                Disconnected = true;
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                Disconnected = !stop.IsCancellationRequested;
            }
        }
    }

    private void Record(string line, long now)
    {
        int seqAt = line.IndexOf(SeqField, SentPrefix.Length, StringComparison.Ordinal);
        int seqEnd = line.IndexOf(',', seqAt + SeqField.Length);
        long sent = long.Parse(line.AsSpan(SentPrefix.Length, seqAt - SentPrefix.Length), CultureInfo.InvariantCulture);
        long seq = long.Parse(line.AsSpan(seqAt + SeqField.Length, seqEnd - seqAt - SeqField.Length), CultureInfo.InvariantCulture);
        if (seq < 0)
            return;
        _latencyMicros.RecordValue(Math.Max(0, (long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds));
        Interlocked.Increment(ref _received);
        Interlocked.Exchange(ref _lastSeq, seq);
    }

    public void Dispose() => _http.Dispose();
}
