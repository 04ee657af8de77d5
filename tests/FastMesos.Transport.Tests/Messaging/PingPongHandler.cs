using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Transport.Tests.Messaging;

/// <summary>
/// A master-like side answers pings with pongs and status updates with acknowledgements; an
/// agent-like side counts what comes back. One visitor per connection, as a daemon would keep.
/// </summary>
internal sealed class PingPongHandler : MessageHandler
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Visitor> _visitors = new();

    public long Pongs => Sum(static v => v.Pongs);
    public long Acks => Sum(static v => v.Acks);
    public ulong LastPongSequence;

    /// <summary>Why this side's connections closed, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<CloseInfo> Closes { get; } = new();

    public override void OnClosed(FrameConnection connection, CloseInfo info) => Closes.Enqueue(info);

    protected override IMessageVisitor VisitorFor(FrameConnection connection) =>
        _visitors.GetOrAdd(connection.Id, _ => new Visitor(this, connection));

    private long Sum(Func<Visitor, long> of)
    {
        long total = 0;
        foreach (Visitor v in _visitors.Values)
            total += of(v);
        return total;
    }

    private sealed class Visitor(PingPongHandler owner, FrameConnection connection) : IMessageVisitor
    {
        public long Pongs;
        public long Acks;

        public void Unexpected(MessageType type) => connection.Close(CloseReason.UnexpectedMessage, $"unexpected {type}");

        public void Visit(in Ping message) => connection.TrySendMessage(new Pong(message.Sequence, message.Timestamp));

        public void Visit(in Pong message)
        {
            Interlocked.Increment(ref Pongs);
            Volatile.Write(ref owner.LastPongSequence, message.Sequence);
        }

        public void Visit(in StatusUpdate message) =>
            connection.TrySendMessage(new StatusUpdateAcknowledgement(message.Status.AgentId ?? default, message.FrameworkId, message.Status.TaskId, message.Status.Uuid ?? Guid.Empty));

        public void Visit(in StatusUpdateAcknowledgement message) => Interlocked.Increment(ref Acks);
    }
}
