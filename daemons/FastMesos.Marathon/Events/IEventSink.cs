namespace FastMesos.Marathon.Events;

/// <summary>
/// A consumer of every event on the <see cref="EventBus"/> besides the SSE clients (the HTTP
/// callback dispatcher). <see cref="Offer"/> runs on the publisher's thread — the scheduler loop or
/// an HTTP handler — so it must return at once, never wait, and bound its own memory.
/// </summary>
public interface IEventSink
{
    /// <summary>
    /// One event's single-line JSON (with <c>eventType</c> and <c>timestamp</c>). The memory is never
    /// reused by the bus, so the sink may keep it.
    /// </summary>
    void Offer(string eventType, ReadOnlyMemory<byte> json);
}
