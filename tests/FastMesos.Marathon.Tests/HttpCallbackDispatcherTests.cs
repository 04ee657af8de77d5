using System.Text.Json;
using FastMesos.Marathon.Events;

namespace FastMesos.Marathon.Tests;

/// <summary>The HTTP callback dispatcher against real receivers on 127.0.0.1 (specs/marathon.md §7).</summary>
public sealed class HttpCallbackDispatcherTests
{
    private static readonly CallbackOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        SlowConsumerTimeout = TimeSpan.FromSeconds(5),
        RetryBackoff = TimeSpan.FromMilliseconds(20),
    };

    private static void PublishNumbered(EventBus bus, int from, int count)
    {
        for (int i = from; i < from + count; i++)
            bus.Publish("test_event", i, static (w, n) => w.WriteNumber("n", n));
    }

    private static List<int> Numbers(CallbackReceiverServer receiver)
    {
        var numbers = new List<int>();
        foreach (string body in receiver.Received)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            Assert.Equal("test_event", document.RootElement.GetProperty("eventType").GetString());
            Assert.True(document.RootElement.TryGetProperty("timestamp", out _));
            numbers.Add(document.RootElement.GetProperty("n").GetInt32());
        }
        return numbers;
    }

    [Fact]
    public async Task A_receiver_that_is_down_does_not_delay_the_others_which_get_every_event_in_order()
    {
        await using CallbackReceiverServer live = await CallbackReceiverServer.StartAsync();
        var bus = new EventBus(TimeProvider.System);
        await using var dispatcher = new HttpCallbackDispatcher(Fast, TimeProvider.System, null);
        Uri down = CallbackReceiverServer.DownUrl();
        Assert.True(dispatcher.Add(down));
        Assert.True(dispatcher.Add(live.Url));
        Assert.False(dispatcher.Add(live.Url)); // already a receiver
        bus.AddSink(dispatcher);

        PublishNumbered(bus, 0, 200);
        await Eventually.Until(() => live.Received.Count == 200, "the live receiver to get all 200 events");
        Assert.Equal(Enumerable.Range(0, 200), Numbers(live));
        Assert.All(live.ContentTypes, t => Assert.Equal("application/json", t));
        CallbackReceiver downReceiver = dispatcher.Receivers[0];
        // The live receiver finished long before the dead one could work through its queue (3 attempts with backoff per event).
        Assert.True(downReceiver.Failed < 200, $"the down receiver already gave up {downReceiver.Failed}");
        await Eventually.Until(() => downReceiver.Failed >= 1, "the down receiver to give up an event");
        Assert.Equal(0, downReceiver.Delivered);
    }

    [Fact]
    public async Task A_full_queue_drops_its_oldest_events_and_counts_them()
    {
        await using CallbackReceiverServer receiver = await CallbackReceiverServer.StartAsync();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = n => n == 1 ? release.Task : Task.FromResult(200);
        var bus = new EventBus(TimeProvider.System);
        await using var dispatcher = new HttpCallbackDispatcher(Fast with { QueueCapacity = 4 }, TimeProvider.System, null);
        dispatcher.Add(receiver.Url);
        bus.AddSink(dispatcher);

        PublishNumbered(bus, 0, 1);
        await Eventually.Until(() => receiver.Requests == 1, "the first event to be in flight");
        PublishNumbered(bus, 1, 10); // 1..10 while 0 is held: the queue keeps 7..10
        CallbackReceiver queue = dispatcher.Receivers[0];
        Assert.Equal(6, queue.Dropped);
        Assert.Equal(4, queue.Queued);

        release.SetResult(200);
        await Eventually.Until(() => receiver.Received.Count == 5, "the held event and the four newest");
        Assert.Equal([0, 7, 8, 9, 10], Numbers(receiver));
        // The receiver records a request before its response reaches the dispatcher, which counts
        // a delivery only then: wait for that count too (CI once read 4 in between).
        await Eventually.Until(() => queue.Delivered == 5, "the dispatcher to count the fifth delivery");
        Assert.Equal(5, queue.Delivered);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_client_errors_are_not()
    {
        await using CallbackReceiverServer receiver = await CallbackReceiverServer.StartAsync();
        // Requests 1-2 fail with 503 then 3 succeeds (event 0); request 4 is a 400 (event 1, given up); 5 succeeds (event 2).
        receiver.Respond = n => Task.FromResult(n switch { 1 or 2 => 503, 4 => 400, _ => 200 });
        var bus = new EventBus(TimeProvider.System);
        await using var dispatcher = new HttpCallbackDispatcher(Fast, TimeProvider.System, null);
        dispatcher.Add(receiver.Url);
        bus.AddSink(dispatcher);

        PublishNumbered(bus, 0, 3);
        CallbackReceiver queue = dispatcher.Receivers[0];
        await Eventually.Until(() => queue.Delivered + queue.Failed == 3, "all three events to be settled");
        Assert.Equal([0, 2], Numbers(receiver));
        Assert.Equal(5, receiver.Requests);
        Assert.Equal(1, queue.Failed);
    }

    [Fact]
    public async Task Attempts_stop_after_the_limit()
    {
        await using CallbackReceiverServer receiver = await CallbackReceiverServer.StartAsync();
        receiver.Respond = static _ => Task.FromResult(500);
        var bus = new EventBus(TimeProvider.System);
        await using var dispatcher = new HttpCallbackDispatcher(Fast with { MaxAttempts = 4 }, TimeProvider.System, null);
        dispatcher.Add(receiver.Url);
        bus.AddSink(dispatcher);

        PublishNumbered(bus, 0, 1);
        CallbackReceiver queue = dispatcher.Receivers[0];
        await Eventually.Until(() => queue.Failed == 1, "the event to be given up");
        Assert.Equal(4, receiver.Requests);

        Assert.True(await dispatcher.RemoveAsync(receiver.Url));
        Assert.Empty(dispatcher.Receivers);
        PublishNumbered(bus, 1, 1);
        Assert.Equal(4, receiver.Requests);
    }
}
