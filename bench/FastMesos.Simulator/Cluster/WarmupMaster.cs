using System.Globalization;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The stand-in master of <see cref="AgentWarmup"/>'s dial rounds, listening on loopback inside the
/// agents process: it admits every agent that registers (under a fresh id) or re-registers (under
/// its own), and ignores everything else. It gives no heartbeat channel, so warm-up agents are never
/// pinged and join no datagram socket.
/// </summary>
internal sealed class WarmupMaster : MessageHandler
{
    private long _admitted;

    /// <summary>Registrations and re-registrations answered so far.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => new Peer(this, connection);

    private sealed class Peer(WarmupMaster master, FrameConnection connection) : IMessageVisitor
    {
        public void Unexpected(MessageType type)
        {
        }

        public void Visit(in RegisterAgent message)
        {
            long n = Interlocked.Increment(ref master._admitted);
            connection.TrySendMessage(new AgentRegistered { AgentId = new AgentId("warmup-agent-" + n.ToString(CultureInfo.InvariantCulture)) });
        }

        public void Visit(in ReregisterAgent message)
        {
            Interlocked.Increment(ref master._admitted);
            if (message.Agent.Id is { } id)
                connection.TrySendMessage(new AgentReregistered { AgentId = id });
        }
    }
}
