using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Scheduler;

/// <summary>
/// The frame handler of the driver's connections: each connection gets its own visitor that tells
/// the driver which connection an event came from (a stale connection's events must not count).
/// </summary>
internal sealed class SchedulerConnectionHandler(SchedulerDriver driver, StringPool strings) : MessageHandler(strings)
{
    // Called once per received frame, before decoding: the heartbeat watch counts every frame as life.
    protected override IMessageVisitor VisitorFor(FrameConnection connection)
    {
        driver.Touch();
        return (IMessageVisitor)connection.Tag!;
    }

    public override void OnConnected(FrameConnection connection) => connection.Tag = new Visitor(driver, connection);

    /// <summary>The events a master sends a scheduler; anything else closes the connection.</summary>
    private sealed class Visitor(SchedulerDriver driver, FrameConnection connection) : IMessageVisitor
    {
        public void Unexpected(MessageType type) =>
            connection.Close(CloseReason.UnexpectedMessage, $"{type} is not a scheduler event");

        public void Visit(in SubscribedEvent message) => driver.OnSubscribed(connection, message);

        public void Visit(in OffersEvent message)
        {
            // Copy: the decoder lends a pooled list for the duration of the visit only; Offer is a
            // struct, so copying the elements keeps them (callbacks promise copies they may keep).
            IReadOnlyList<Offer> source = message.Offers;
            var offers = new Offer[source.Count];
            for (int i = 0; i < offers.Length; i++)
                offers[i] = source[i];
            driver.Enqueue(new DriverEvent(DriverEventKind.Offers, offers));
        }

        public void Visit(in RescindEvent message) => driver.Enqueue(new DriverEvent(DriverEventKind.Rescinded, message.OfferId));

        public void Visit(in UpdateEvent message)
        {
            Messages.TaskStatus status = message.Status;
            if (!status.Data.IsEmpty)
                status = status with { Data = status.Data.ToArray() };
            driver.Enqueue(new DriverEvent(DriverEventKind.StatusUpdate, null, status));
        }

        public void Visit(in MessageEvent message) =>
            driver.Enqueue(new DriverEvent(DriverEventKind.Message, message with { Data = message.Data.ToArray() }));

        public void Visit(in FailureEvent message) => driver.Enqueue(new DriverEvent(DriverEventKind.Failure, message));

        public void Visit(in ErrorEvent message) => driver.OnError(connection, message.Message);

        public void Visit(in HeartbeatEvent message)
        {
            // Touch() already recorded it.
        }
    }
}
