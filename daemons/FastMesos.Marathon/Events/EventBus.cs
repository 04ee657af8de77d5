using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FastMesos.Marathon.Http;

namespace FastMesos.Marathon.Events;

/// <summary>
/// Marathon's event bus (specs/marathon.md §7): each event is encoded once as an SSE message,
/// <c>event: &lt;type&gt;\ndata: &lt;one-line JSON with eventType and timestamp&gt;\n\n</c>, and
/// offered to every subscriber that wants its type. Publishing never blocks: a subscriber whose
/// queue is full is removed. Thread-safe (the runtime loop and HTTP handlers both publish).
/// </summary>
public sealed class EventBus
{
    /// <summary>Marathon's <c>--event_stream_max_outstanding_messages</c> default.</summary>
    public const int DefaultMaxOutstanding = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private EventSubscriber[] _subscribers = [];
    private IEventSink[] _sinks = [];

    public EventBus(TimeProvider time, int maxOutstanding = DefaultMaxOutstanding)
    {
        _time = time;
        MaxOutstanding = maxOutstanding;
    }

    public int MaxOutstanding { get; }

    /// <summary>Subscribers now attached.</summary>
    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>Attaches a client (<c>event_stream_attached</c> is published to everyone, it included).</summary>
    public EventSubscriber Subscribe(IReadOnlyCollection<string> types, string remoteAddress)
    {
        var subscriber = new EventSubscriber(types, MaxOutstanding, remoteAddress);
        lock (_gate)
            _subscribers = [.. _subscribers, subscriber];
        Publish("event_stream_attached", remoteAddress, static (w, a) => w.WriteString("remoteAddress", a));
        return subscriber;
    }

    /// <summary>
    /// Attaches a sink that gets every event's JSON (the HTTP callback dispatcher). Unlike an SSE
    /// client a sink is never dropped by the bus: <see cref="IEventSink.Offer"/> must not block and
    /// applies its own bound.
    /// </summary>
    public void AddSink(IEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
            _sinks = [.. _sinks, sink];
    }

    /// <summary>Detaches a sink added with <see cref="AddSink"/>.</summary>
    public void RemoveSink(IEventSink sink)
    {
        lock (_gate)
        {
            var next = new List<IEventSink>(_sinks);
            if (next.Remove(sink))
                _sinks = [.. next];
        }
    }

    /// <summary>Detaches a client (<c>event_stream_detached</c> goes to the others).</summary>
    public void Unsubscribe(EventSubscriber subscriber)
    {
        if (!Remove(subscriber))
            return;
        subscriber.Close();
        Publish("event_stream_detached", subscriber.RemoteAddress, static (w, a) => w.WriteString("remoteAddress", a));
    }

    /// <summary>Publishes one event; <paramref name="fields"/> writes its properties besides eventType and timestamp.</summary>
    public void Publish<TState>(string eventType, TState state, Action<Utf8JsonWriter, TState> fields)
    {
        EventSubscriber[] subscribers = Volatile.Read(ref _subscribers);
        IEventSink[] sinks = Volatile.Read(ref _sinks);
        bool anyone = sinks.Length > 0;
        foreach (EventSubscriber subscriber in subscribers)
            anyone |= subscriber.Wants(eventType);
        if (!anyone)
            return;

        byte[] message = Encode(eventType, state, fields, _time.GetUtcNow(), out int jsonStart);
        foreach (EventSubscriber subscriber in subscribers)
        {
            if (subscriber.Wants(eventType) && !subscriber.Offer(message))
                Remove(subscriber);
        }
        if (sinks.Length > 0)
        {
            // The JSON is a slice of the SSE message: between "data: " and the closing "\n\n".
            var json = new ReadOnlyMemory<byte>(message, jsonStart, message.Length - jsonStart - 2);
            foreach (IEventSink sink in sinks)
                sink.Offer(eventType, json);
        }
    }

    /// <summary>The SSE bytes of one event.</summary>
    internal static byte[] Encode<TState>(string eventType, TState state, Action<Utf8JsonWriter, TState> fields, DateTimeOffset now) =>
        Encode(eventType, state, fields, now, out _);

    /// <summary>The SSE bytes of one event; <paramref name="jsonStart"/> is where its JSON begins.</summary>
    internal static byte[] Encode<TState>(string eventType, TState state, Action<Utf8JsonWriter, TState> fields, DateTimeOffset now, out int jsonStart)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Encoding.UTF8.GetBytes("event: " + eventType + "\ndata: "));
        jsonStart = buffer.WrittenCount;
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            fields(w, state);
            w.WriteString("eventType", eventType);
            w.WriteString("timestamp", Timestamps.Format(now));
            w.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private bool Remove(EventSubscriber subscriber)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscribers, subscriber);
            if (index < 0)
                return false;
            EventSubscriber[] next = new EventSubscriber[_subscribers.Length - 1];
            Array.Copy(_subscribers, 0, next, 0, index);
            Array.Copy(_subscribers, index + 1, next, index, _subscribers.Length - index - 1);
            _subscribers = next;
            return true;
        }
    }
}
