using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// A minimal scheduler over the real wire: subscribes, collects offers and updates, launches tasks
/// and acknowledges updates (automatically, unless <see cref="DropAcks"/> says to skip one).
/// </summary>
internal sealed class TestScheduler : MessageHandler, IMessageVisitor, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<Offer> _offers = [];
    private readonly List<MesosTaskStatus> _updates = [];
    private FrameConnection? _connection;

    public string? FrameworkId { get; private set; }

    /// <summary>Decides per update whether to leave it unacknowledged (tests of resends).</summary>
    public Func<MesosTaskStatus, bool> DropAcks { get; set; } = static _ => false;

    public static async Task<TestScheduler> SubscribeAsync(IPEndPoint master, FrameworkCapabilities capabilities = FrameworkCapabilities.None,
        double failoverTimeoutSeconds = 3600)
    {
        var scheduler = new TestScheduler();
        var options = new DialOptions { LocalRole = PeerRole.Scheduler, ExpectedRemoteRole = PeerRole.Master, MaxFrameSize = 16 * 1024 * 1024 };
        scheduler._connection = await TcpTransport.Instance.DialAsync(master, options, scheduler);
        scheduler._connection.TrySendMessage(new SubscribeCall
        {
            Framework = new FrameworkInfo
            {
                User = "root", Name = "test", Checkpoint = true, FailoverTimeoutSeconds = failoverTimeoutSeconds, Capabilities = capabilities,
            },
        });
        await Eventually.Until(() => scheduler.FrameworkId is not null, "the subscription");
        return scheduler;
    }

    public List<MesosTaskStatus> Updates(string taskId)
    {
        lock (_gate)
            return _updates.FindAll(u => u.TaskId.Value == taskId);
    }

    public List<TaskState> States(string taskId) => Updates(taskId).ConvertAll(u => u.State);

    /// <summary>Waits for an offer and launches a task group (LAUNCH_GROUP) of <paramref name="taskIds"/> under executor <paramref name="executorId"/>.</summary>
    public async Task LaunchGroupAsync(string executorId, params string[] taskIds)
    {
        Offer offer = await NextOfferAsync();
        var tasks = Array.ConvertAll(taskIds, id => new TaskInfo
        {
            Name = id,
            TaskId = new TaskId(id),
            AgentId = offer.AgentId,
            Resources = Resources.Parse("cpus:0.5;mem:64"),
            Command = new CommandInfo { Value = "sleep 1000" },
        });
        _connection!.TrySendMessage(new AcceptCall
        {
            FrameworkId = new FrameworkId(FrameworkId!),
            OfferIds = [offer.Id],
            Operations =
            [
                new OfferOperation
                {
                    Type = OfferOperationType.LaunchGroup,
                    Executor = new ExecutorInfo { ExecutorId = new ExecutorId(executorId), Type = ExecutorType.Default, Resources = Resources.Parse("cpus:0.1;mem:32") },
                    Tasks = tasks,
                },
            ],
            Filters = new Filters(0),
        });
    }

    private async Task<Offer> NextOfferAsync()
    {
        Offer offer = default;
        await Eventually.Until(() =>
        {
            lock (_gate)
            {
                if (_offers.Count == 0)
                    return false;
                offer = _offers[0];
                _offers.RemoveAt(0);
                return true;
            }
        }, "an offer");
        return offer;
    }

    /// <summary>Waits for an offer and launches one task on it.</summary>
    public async Task<TaskInfo> LaunchAsync(string taskId, string resources = "cpus:0.5;mem:64", string command = "sleep 1000",
        KillPolicy? killPolicy = null, IReadOnlyList<EnvironmentVariable>? environment = null, HealthCheck? healthCheck = null)
    {
        Offer offer = await NextOfferAsync();
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskId(taskId),
            AgentId = offer.AgentId,
            Resources = Resources.Parse(resources),
            Command = new CommandInfo { Value = command, Environment = environment ?? [] },
            KillPolicy = killPolicy,
            HealthCheck = healthCheck,
        };
        _connection!.TrySendMessage(new AcceptCall
        {
            FrameworkId = new FrameworkId(FrameworkId!),
            OfferIds = [offer.Id],
            Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = [task] }],
            Filters = new Filters(0),
        });
        return task;
    }

    public void Kill(string taskId) => _connection!.TrySendMessage(new KillCall(new FrameworkId(FrameworkId!), new TaskId(taskId)));

    public void Unexpected(MessageType type)
    {
    }

    void IMessageVisitor.Visit(in SubscribedEvent message)
    {
        lock (_gate)
            FrameworkId = message.FrameworkId.Value;
    }

    void IMessageVisitor.Visit(in OffersEvent message)
    {
        lock (_gate)
            _offers.AddRange(message.Offers);
    }

    void IMessageVisitor.Visit(in UpdateEvent message)
    {
        MesosTaskStatus status = message.Status;
        bool ack;
        lock (_gate)
        {
            _updates.Add(status);
            ack = status.Uuid is not null && !DropAcks(status);
        }

        if (ack)
            _connection!.TrySendMessage(new AcknowledgeCall(new FrameworkId(FrameworkId!), status.AgentId!.Value, status.TaskId, status.Uuid!.Value));
    }

    void IMessageVisitor.Visit(in HeartbeatEvent message)
    {
    }

    void IMessageVisitor.Visit(in RescindEvent message)
    {
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
            return;
        _connection.Close(CloseReason.LocalClose, "test done");
        await _connection.Closed;
    }
}
