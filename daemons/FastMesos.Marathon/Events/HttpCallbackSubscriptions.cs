using System.Text.Json;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Events;

/// <summary>
/// The callback URLs of <c>/v2/eventSubscriptions</c> (specs/marathon.md §1.1, §7): kept in the
/// store under <see cref="StoreKey"/> as <c>{"callbackUrls":[…]}</c>, written before a subscribe or
/// unsubscribe is answered, loaded (and merged with <c>--http_endpoints</c>) when this Marathon
/// starts leading. Changes are serialized; the <see cref="HttpCallbackDispatcher"/> follows the list.
/// </summary>
public sealed class HttpCallbackSubscriptions : IAsyncDisposable
{
    /// <summary>Marathon (≤1.4) kept its subscribers under <c>events:http_callback</c>.</summary>
    public const string StoreKey = "events:http_callback";

    private readonly IMarathonStore _store;
    private readonly EventBus _bus;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(string Text, Uri Url)> _urls = [];
    private bool _loaded;

    public HttpCallbackSubscriptions(IMarathonStore store, EventBus bus, CallbackOptions options, TimeProvider time, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(bus);
        _store = store;
        _bus = bus;
        _time = time;
        _log = log;
        Dispatcher = new HttpCallbackDispatcher(options, time, log);
    }

    public HttpCallbackDispatcher Dispatcher { get; }

    /// <summary>The subscribed URLs as they were given, in subscription order.</summary>
    public IReadOnlyList<string> CallbackUrls
    {
        get
        {
            lock (_urls)
                return _urls.ConvertAll(static u => u.Text);
        }
    }

    /// <summary>An absolute http or https URL, or null with why not.</summary>
    public static Uri? ParseUrl(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
            error = "callbackUrl is required";
        else if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            error = $"callbackUrl '{text}' is not an absolute http or https URL";
        else
            return url;
        return null;
    }

    /// <summary>Loads the stored URLs, adds <paramref name="initial"/> (<c>--http_endpoints</c>) and starts delivering.</summary>
    public async Task LoadAsync(IReadOnlyList<string> initial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initial);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
                return;
            byte[]? stored = await _store.GetAsync(StoreKey, cancellationToken).ConfigureAwait(false);
            var texts = new List<string>();
            if (stored is not null)
            {
                using JsonDocument document = JsonDocument.Parse(stored);
                foreach (JsonElement url in document.RootElement.GetProperty("callbackUrls").EnumerateArray())
                    texts.Add(url.GetString() ?? throw new InvalidDataException($"{StoreKey}: a callback URL is null"));
            }
            int storedCount = texts.Count;
            texts.AddRange(initial);
            bool added = false;
            for (int i = 0; i < texts.Count; i++)
            {
                Uri url = ParseUrl(texts[i], out string? error) ?? throw new InvalidDataException(error);
                if (TryAdd(texts[i], url))
                    added |= i >= storedCount;
            }
            if (added)
                await PersistAsync(cancellationToken).ConfigureAwait(false);
            lock (_urls)
            {
                foreach ((_, Uri url) in _urls)
                    Dispatcher.Add(url);
            }
            _bus.AddSink(Dispatcher);
            _loaded = true;
            _log?.Invoke($"I Event callbacks: {_urls.Count} subscribers");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds <paramref name="url"/> (idempotent), stores the list, then publishes <c>subscribe_event</c>.</summary>
    public Task<DateTimeOffset> SubscribeAsync(string text, Uri url, string clientIp, CancellationToken cancellationToken) =>
        ChangeAsync(text, url, clientIp, subscribe: true, cancellationToken);

    /// <summary>Removes <paramref name="url"/> (idempotent), stores the list, then publishes <c>unsubscribe_event</c>.</summary>
    public Task<DateTimeOffset> UnsubscribeAsync(string text, Uri url, string clientIp, CancellationToken cancellationToken) =>
        ChangeAsync(text, url, clientIp, subscribe: false, cancellationToken);

    private async Task<DateTimeOffset> ChangeAsync(string text, Uri url, string clientIp, bool subscribe, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool changed = subscribe ? TryAdd(text, url) : TryRemove(url);
            if (changed)
            {
                try
                {
                    await PersistAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Not stored, so not answered with a 2xx: memory goes back to what the store holds.
                    if (subscribe)
                        TryRemove(url);
                    else
                        TryAdd(text, url);
                    throw;
                }
                if (subscribe)
                    Dispatcher.Add(url);
                else
                    await Dispatcher.RemoveAsync(url).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
        string eventType = subscribe ? "subscribe_event" : "unsubscribe_event";
        _bus.Publish(eventType, (clientIp, text), static (w, s) =>
        {
            w.WriteString("clientIp", s.clientIp);
            w.WriteString("callbackUrl", s.text);
        });
        _log?.Invoke($"I {eventType} {text} from {clientIp}");
        return _time.GetUtcNow();
    }

    private bool TryAdd(string text, Uri url)
    {
        lock (_urls)
        {
            foreach ((_, Uri known) in _urls)
            {
                if (known == url)
                    return false;
            }
            _urls.Add((text, url));
        }
        return true;
    }

    private bool TryRemove(Uri url)
    {
        lock (_urls)
            return _urls.RemoveAll(u => u.Url == url) > 0;
    }

    private Task PersistAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("callbackUrls");
            foreach (string text in CallbackUrls)
                w.WriteStringValue(text);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return _store.PutAsync(StoreKey, buffer.ToArray(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _bus.RemoveSink(Dispatcher);
        await Dispatcher.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
