using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Warmup;

/// <summary>
/// The loopback framework of <see cref="MasterWarmup"/>: once a round's agents are back, it
/// subscribes with its id (in later rounds the throwaway master knows it only from the agents'
/// re-registrations, as a new leader does after a failover), takes the offers of every agent and
/// declines them in one call. Without it the subscription, the allocation run that offers a whole
/// cluster, the offers' encoding and the declines ran cold in a master taking over: a framework's
/// first offer after a failover of 10,000 agents waited on the JIT for about a quarter of its
/// ~150 ms (perf-reports/2026-12-06-failover-first-offer.md).
/// </summary>
internal sealed class WarmupFramework : WarmupPeer, IMessageVisitor
{
    private readonly FrameworkInfo _info;

    public WarmupFramework(FrameworkInfo info)
        : base(PeerRole.Scheduler, "framework") => _info = info;

    /// <summary>Completes when the current connection got offers and declined them.</summary>
    public Task Offered => Done;

    protected override void Greet(FrameConnection connection) => connection.TrySendMessage(new SubscribeCall { Framework = _info });

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type)
    {
        // SUBSCRIBED, heartbeats and anything else need no answer.
    }

    void IMessageVisitor.Visit(in OffersEvent message)
    {
        IReadOnlyList<Offer> offers = message.Offers;
        var ids = new OfferId[offers.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = offers[i].Id;
        // With a refusal time, as schedulers decline: the filters' decoding is warmed too.
        Connection?.TrySendMessage(new DeclineCall { FrameworkId = _info.Id!.Value, OfferIds = ids, Filters = new Filters(1) });
        Signal();
    }
}
