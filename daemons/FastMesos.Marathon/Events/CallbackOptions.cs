namespace FastMesos.Marathon.Events;

/// <summary>How the HTTP callback dispatcher delivers events (Marathon's <c>--http_event_*</c> flags, specs/marathon.md §7).</summary>
public sealed record CallbackOptions
{
    /// <summary><c>--http_event_request_timeout</c>: one POST (connect included) may take this long.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>--http_event_callback_slow_consumer_timeout</c>: a receiver that has not taken an event
    /// within this time, retries included, is slow — the event is given up and the next one tried.
    /// </summary>
    public TimeSpan SlowConsumerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>POSTs per event before it is given up (the first one included).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Events queued per receiver; when full the oldest is dropped (see <see cref="CallbackReceiver"/>).</summary>
    public int QueueCapacity { get; init; } = EventBus.DefaultMaxOutstanding;
}
