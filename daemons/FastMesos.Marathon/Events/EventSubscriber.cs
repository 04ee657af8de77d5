using System.Threading.Channels;

namespace FastMesos.Marathon.Events;

/// <summary>
/// One <c>/v2/events</c> client: the event types it asked for (all when empty) and a bounded queue of
/// encoded SSE messages. A client that falls <see cref="EventBus.MaxOutstanding"/> messages behind is
/// dropped — never waited for — so a slow reader cannot slow Marathon (specs/marathon.md §7, 1.8+).
/// </summary>
public sealed class EventSubscriber
{
    private readonly HashSet<string>? _types;
    private readonly Channel<byte[]> _queue;

    internal EventSubscriber(IReadOnlyCollection<string> types, int capacity, string remoteAddress)
    {
        _types = types.Count == 0 ? null : new HashSet<string>(types, StringComparer.Ordinal);
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        RemoteAddress = remoteAddress;
    }

    public string RemoteAddress { get; }

    /// <summary>Set when the client was dropped for falling behind.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<byte[]> Messages => _queue.Reader;

    public bool Wants(string eventType) => _types is null || _types.Contains(eventType);

    /// <summary>Queues a message; false (and the client is closed) when its queue is full.</summary>
    internal bool Offer(byte[] message)
    {
        if (_queue.Writer.TryWrite(message))
            return true;
        Overflowed = true;
        _queue.Writer.TryComplete();
        return false;
    }

    internal void Close() => _queue.Writer.TryComplete();
}
