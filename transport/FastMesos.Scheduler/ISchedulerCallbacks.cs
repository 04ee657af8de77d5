using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler;

/// <summary>
/// What a framework hears from the master (the shape of Mesos' C++ <c>Scheduler</c> interface).
/// The driver calls these on one thread at a time, in the order the events arrived; a callback may
/// call the driver (accept, decline, acknowledge, stop). Every method defaults to doing nothing.
/// Arguments are the callback's own copies: they may be kept after it returns.
/// </summary>
public interface ISchedulerCallbacks
{
    /// <summary>The master accepted the subscription (first time, after a reconnect, or after a failover).</summary>
    void Subscribed(SchedulerDriver driver, SubscribedEvent subscribed)
    {
    }

    /// <summary>New offers; answer each with accept or decline (an unanswered offer holds its resources).</summary>
    void Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
    }

    /// <summary>An offer is withdrawn; accepting or declining it is now invalid.</summary>
    void Rescinded(SchedulerDriver driver, OfferId offerId)
    {
    }

    /// <summary>
    /// A task's status changed. With implicit acknowledgements (the default) the driver acknowledges
    /// it after this returns; otherwise call <see cref="SchedulerDriver.Acknowledge"/>.
    /// </summary>
    void StatusUpdate(SchedulerDriver driver, MesosTaskStatus status)
    {
    }

    /// <summary>Bytes from one of the framework's executors (best effort).</summary>
    void Message(SchedulerDriver driver, MessageEvent message)
    {
    }

    /// <summary>An agent was removed (only the agent id set) or an executor exited (with its status).</summary>
    void Failure(SchedulerDriver driver, FailureEvent failure)
    {
    }

    /// <summary>
    /// The master reported an error. When the driver aborts on it (subscription refused, failed over
    /// by another instance, framework removed) <see cref="SchedulerDriver.State"/> is already
    /// <see cref="SchedulerDriverState.Aborted"/>; otherwise the driver keeps running.
    /// </summary>
    void Error(SchedulerDriver driver, string message)
    {
    }

    /// <summary>The connection to the master broke; the driver reconnects and re-subscribes unless it is stopping.</summary>
    void Disconnected(SchedulerDriver driver, string reason)
    {
    }
}
