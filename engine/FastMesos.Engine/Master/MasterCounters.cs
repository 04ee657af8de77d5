namespace FastMesos.Engine.Master;

/// <summary>
/// Event counters behind the master's Mesos metrics (<c>master/slave_registrations</c>, …). Plain
/// fields: the core is single-threaded, and readers take the host's lock or accept a torn read of
/// one counter.
/// </summary>
public sealed class MasterCounters
{
    public long SlaveRegistrations;
    public long SlaveReregistrations;
    public long SlaveRemovals;
    public long SlaveUnreachableCompleted;
    public long RecoverySlaveRemovals;
    public long ValidStatusUpdates;
    public long InvalidStatusUpdates;
    public long ValidStatusUpdateAcknowledgements;
    public long InvalidStatusUpdateAcknowledgements;
    public long MessagesLaunchTasks;
    public long MessagesDeclineOffers;
    public long MessagesReviveOffers;
    public long MessagesSuppressOffers;
    public long MessagesKillTask;
    public long MessagesReconcileTasks;
    public long MessagesRegisterFramework;
    public long MessagesReregisterFramework;
    public long MessagesRegisterSlave;
    public long MessagesReregisterSlave;
    public long MessagesStatusUpdate;
    public long DroppedMessages;
    public long InvalidFrameworkCalls;
    public long OffersSent;
    public long OffersRescinded;
    public long TasksFinished;
    public long TasksFailed;
    public long TasksKilled;
    public long TasksLost;
    public long TasksError;
    public long TasksDropped;
    public long TasksGone;
    public long TasksUnreachable;
}
