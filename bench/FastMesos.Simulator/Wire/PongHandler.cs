using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Wire;

/// <summary>The client's handler: every dialed connection gets a <see cref="PongVisitor"/> in its Tag.</summary>
internal sealed class PongHandler(LoadState load) : MessageHandler
{
    private long _closed;

    /// <summary>Connections that closed; during the load any close is a failure worth reporting.</summary>
    public long Closed => Interlocked.Read(ref _closed);

    public override void OnConnected(FrameConnection connection) => connection.Tag = new PongVisitor(connection, load);

    public override void OnClosed(FrameConnection connection, CloseInfo info) => Interlocked.Increment(ref _closed);

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => (PongVisitor)connection.Tag!;
}
