using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Warmup;

/// <summary>
/// A loopback agent of <see cref="MasterWarmup"/>: registers with a throwaway master, and on every
/// later connection re-registers with its id and <see cref="TasksPerAgent"/> RUNNING tasks, as an
/// agent does with a newly elected master. It answers pings and ignores everything else.
/// </summary>
internal sealed class WarmupAgent : WarmupPeer, IMessageVisitor
{
    public const int TasksPerAgent = 10;
    private static readonly Resources AgentResources = Resources.Parse("cpus:16;mem:65536;disk:1048576;ports:[31000-32000]");
    private static readonly Resources TaskResources = Resources.Parse("cpus:0.1;mem:32");
    private readonly AgentInfo _info;
    private readonly FrameworkInfo _framework;
    private ReregisterAgent? _reregistration;

    public WarmupAgent(int index, FrameworkInfo framework)
        : base(PeerRole.Agent, "agent")
    {
        _info = new AgentInfo
        {
            Hostname = "warmup-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Resources = AgentResources,
        };
        _framework = framework;
    }

    /// <summary>Completes when the current connection's (re)registration is answered.</summary>
    public Task Registered => Done;

    protected override void Greet(FrameConnection connection)
    {
        if (_reregistration is null)
            connection.TrySendMessage(new RegisterAgent { Agent = _info, Version = MasterWarmup.AgentVersion });
        else
            connection.TrySendMessage(_reregistration);
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type)
    {
        // Offers go to the framework; nothing else needs an answer.
    }

    void IMessageVisitor.Visit(in AgentRegistered message)
    {
        AgentId id = message.AgentId;
        var tasks = new List<LaunchedTask>(TasksPerAgent);
        for (int i = 0; i < TasksPerAgent; i++)
        {
            tasks.Add(new LaunchedTask
            {
                Name = "warmup",
                TaskId = new TaskId(id.Value + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                FrameworkId = _framework.Id!.Value,
                AgentId = id,
                State = TaskState.Running,
                Resources = TaskResources,
            });
        }

        lock (Gate)
            _reregistration = new ReregisterAgent { Agent = _info with { Id = id }, Version = MasterWarmup.AgentVersion, Tasks = tasks, Frameworks = [_framework] };
        Signal();
    }

    void IMessageVisitor.Visit(in AgentReregistered message) => Signal();

    void IMessageVisitor.Visit(in Ping message) => Connection?.TrySendMessage(new Pong(message.Sequence, message.Timestamp));
}
