using System.Text;
using FastMesos.Hosting.Flags;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Events;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Tests;

/// <summary>Stored callback subscriptions, their events, and the flags that enable them.</summary>
public sealed class HttpCallbackSubscriptionsTests
{
    [Fact]
    public async Task Subscriptions_are_stored_idempotent_published_and_loaded_with_the_startup_endpoints()
    {
        var store = new InMemoryMarathonStore();
        var bus = new EventBus(TimeProvider.System);
        EventSubscriber sse = bus.Subscribe(["subscribe_event", "unsubscribe_event"], "127.0.0.1");
        await using (var first = new HttpCallbackSubscriptions(store, bus, new CallbackOptions(), TimeProvider.System, null))
        {
            await first.LoadAsync(["http://127.0.0.1:1/a"], CancellationToken.None);
            Uri b = HttpCallbackSubscriptions.ParseUrl("http://127.0.0.1:1/b", out _)!;
            await first.SubscribeAsync("http://127.0.0.1:1/b", b, "10.0.0.1", CancellationToken.None);
            await first.SubscribeAsync("http://127.0.0.1:1/b", b, "10.0.0.1", CancellationToken.None);
            Assert.Equal(["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"], first.CallbackUrls);
            Assert.Equal(2, first.Dispatcher.Receivers.Count);
            Assert.Equal("{\"callbackUrls\":[\"http://127.0.0.1:1/a\",\"http://127.0.0.1:1/b\"]}",
                Encoding.UTF8.GetString((await store.GetAsync(HttpCallbackSubscriptions.StoreKey))!));

            Uri a = HttpCallbackSubscriptions.ParseUrl("http://127.0.0.1:1/a", out _)!;
            await first.UnsubscribeAsync("http://127.0.0.1:1/a", a, "10.0.0.2", CancellationToken.None);
            Assert.Single(first.Dispatcher.Receivers);
        }

        Assert.True(sse.Messages.TryRead(out byte[]? subscribed));
        Assert.Contains("\"clientIp\":\"10.0.0.1\",\"callbackUrl\":\"http://127.0.0.1:1/b\",\"eventType\":\"subscribe_event\"",
            Encoding.UTF8.GetString(subscribed!), StringComparison.Ordinal);
        Assert.True(sse.Messages.TryRead(out _)); // the idempotent second subscribe is still answered with its event
        Assert.True(sse.Messages.TryRead(out byte[]? unsubscribed));
        Assert.StartsWith("event: unsubscribe_event\n", Encoding.UTF8.GetString(unsubscribed!), StringComparison.Ordinal);

        await using var second = new HttpCallbackSubscriptions(store, bus, new CallbackOptions(), TimeProvider.System, null);
        await second.LoadAsync(["http://127.0.0.1:1/c"], CancellationToken.None);
        Assert.Equal(["http://127.0.0.1:1/b", "http://127.0.0.1:1/c"], second.CallbackUrls);
    }

    [Theory]
    [InlineData(null, "callbackUrl is required")]
    [InlineData("", "callbackUrl is required")]
    [InlineData("ftp://x/y", "not an absolute http or https URL")]
    [InlineData("/relative", "not an absolute http or https URL")]
    public void Callback_urls_must_be_absolute_http(string? text, string expected)
    {
        Assert.Null(HttpCallbackSubscriptions.ParseUrl(text, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_enable_http_callbacks_and_reject_unknown_subscribers()
    {
        var flags = new FlagSet("test");
        var marathon = new MarathonFlags(flags);
        FlagParseResult parsed = flags.Parse(["--master=127.0.0.1:5050", "--event_subscriber", "http_callback",
            "--http_endpoints", "http://a:1/x, http://b:2/y", "--http_event_request_timeout=2000"], _ => null);
        Assert.True(parsed.Success, parsed.Error);
        MarathonOptions options = marathon.Build(parsed, null, out _);
        Assert.True(options.HttpCallbacks);
        Assert.Equal(["http://a:1/x", "http://b:2/y"], options.HttpEndpoints);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Callbacks.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Callbacks.SlowConsumerTimeout);

        FormatException unknown = Assert.Throws<FormatException>(() =>
            marathon.Build(flags.Parse(["--master=127.0.0.1:5050", "--event_subscriber=carrier_pigeon"], _ => null), null, out _));
        Assert.Contains("'event_subscriber'", unknown.Message, StringComparison.Ordinal);
        FormatException alone = Assert.Throws<FormatException>(() =>
            marathon.Build(flags.Parse(["--master=127.0.0.1:5050", "--http_endpoints=http://a:1/x"], _ => null), null, out _));
        Assert.Contains("'http_endpoints'", alone.Message, StringComparison.Ordinal);
        FormatException badUrl = Assert.Throws<FormatException>(() => marathon.Build(flags.Parse(
            ["--master=127.0.0.1:5050", "--event_subscriber=http_callback", "--http_endpoints=nope"], _ => null), null, out _));
        Assert.Contains("'http_endpoints'", badUrl.Message, StringComparison.Ordinal);
        Assert.False(marathon.Build(flags.Parse(["--master=127.0.0.1:5050"], _ => null), null, out _).HttpCallbacks);
    }
}
