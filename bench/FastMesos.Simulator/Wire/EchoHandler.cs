using System.Collections.Concurrent;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Wire;

/// <summary>The listener's handler: one <see cref="EchoVisitor"/> per connection, kept after close so counts stay summed.</summary>
internal sealed class EchoHandler : MessageHandler
{
    private readonly ConcurrentDictionary<long, EchoVisitor> _visitors = new();

    public long Pings => Sum(static v => v.Pings);

    public long Refused => Sum(static v => v.Refused);

    public override void OnConnected(FrameConnection connection)
    {
        var visitor = new EchoVisitor(connection);
        _visitors[connection.Id] = visitor;
        // The Tag spares a dictionary lookup on every frame.
        connection.Tag = visitor;
    }

    // The static factory with an argument matters: a lambda capturing the parameter would allocate
    // its closure on every call, even when the Tag answers (24 bytes per message, measured).
    protected override IMessageVisitor VisitorFor(FrameConnection connection) =>
        (IMessageVisitor?)connection.Tag ?? _visitors.GetOrAdd(connection.Id, static (_, c) => new EchoVisitor(c), connection);

    private long Sum(Func<EchoVisitor, long> of)
    {
        long total = 0;
        foreach (EchoVisitor v in _visitors.Values)
            total += of(v);
        return total;
    }
}
