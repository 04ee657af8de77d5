using System.Text;
using FastMesos.Marathon.Events;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Marathon.Tests;

public sealed class EventBusTests
{
    [Fact]
    public void Events_are_sse_messages_with_type_and_timestamp_and_filters_select_types()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, 61, TimeSpan.Zero));
        var bus = new EventBus(time);
        EventSubscriber all = bus.Subscribe([], "127.0.0.1");
        EventSubscriber some = bus.Subscribe(["app_terminated_event"], "127.0.0.2");
        bus.Publish("app_terminated_event", "/web", static (w, id) => w.WriteString("appId", id));
        bus.Publish("deployment_success", 0, static (w, _) => w.WriteString("id", "d"));

        var seen = new List<string>();
        while (all.Messages.TryRead(out byte[]? message))
            seen.Add(Encoding.UTF8.GetString(message));
        Assert.Equal(4, seen.Count); // two attach events, then the two published
        Assert.Equal("event: event_stream_attached\ndata: {\"remoteAddress\":\"127.0.0.1\",\"eventType\":\"event_stream_attached\",\"timestamp\":\"2026-12-03T12:00:00.061Z\"}\n\n", seen[0]);
        Assert.Equal("event: app_terminated_event\ndata: {\"appId\":\"/web\",\"eventType\":\"app_terminated_event\",\"timestamp\":\"2026-12-03T12:00:00.061Z\"}\n\n", seen[2]);
        Assert.True(some.Messages.TryRead(out byte[]? only));
        Assert.StartsWith("event: app_terminated_event\n", Encoding.UTF8.GetString(only!), StringComparison.Ordinal);
        Assert.False(some.Messages.TryRead(out _));
    }

    [Fact]
    public void A_client_that_falls_behind_its_buffer_is_dropped_and_the_others_keep_receiving()
    {
        var bus = new EventBus(TimeProvider.System, maxOutstanding: 3);
        EventSubscriber slow = bus.Subscribe([], "slow");
        EventSubscriber fast = bus.Subscribe(["x"], "fast");
        for (int i = 0; i < 10; i++)
        {
            bus.Publish("x", i, static (w, n) => w.WriteNumber("n", n));
            while (fast.Messages.TryRead(out _))
            {
            }
        }
        Assert.True(slow.Overflowed);
        Assert.False(fast.Overflowed);
        Assert.Equal(1, bus.Count);
        Assert.True(slow.Messages.Completion.IsCompleted || slow.Messages.Count <= 3);
    }

    [Fact]
    public void Detaching_publishes_event_stream_detached_and_sinks_get_every_events_json()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var bus = new EventBus(time);
        var sink = new RecordingSink();
        bus.AddSink(sink);
        EventSubscriber stays = bus.Subscribe(["event_stream_detached"], "10.0.0.1");
        EventSubscriber leaves = bus.Subscribe([], "10.0.0.2");
        bus.Unsubscribe(leaves);
        Assert.True(stays.Messages.TryRead(out byte[]? detached));
        Assert.Equal("event: event_stream_detached\ndata: {\"remoteAddress\":\"10.0.0.2\",\"eventType\":\"event_stream_detached\",\"timestamp\":\"2026-12-03T12:00:00.000Z\"}\n\n",
            Encoding.UTF8.GetString(detached!));

        // The sink saw both attaches and the detach, as bare JSON (no SSE framing), whatever the SSE filters.
        Assert.Equal(["event_stream_attached", "event_stream_attached", "event_stream_detached"], sink.Types);
        Assert.Equal("{\"remoteAddress\":\"10.0.0.2\",\"eventType\":\"event_stream_detached\",\"timestamp\":\"2026-12-03T12:00:00.000Z\"}", sink.Json[2]);
        bus.RemoveSink(sink);
        bus.Publish("x", 0, static (w, _) => { });
        Assert.Equal(3, sink.Types.Count);
    }

    private sealed class RecordingSink : IEventSink
    {
        public List<string> Types { get; } = [];

        public List<string> Json { get; } = [];

        public void Offer(string eventType, ReadOnlyMemory<byte> json)
        {
            Types.Add(eventType);
            Json.Add(Encoding.UTF8.GetString(json.Span));
        }
    }
}
