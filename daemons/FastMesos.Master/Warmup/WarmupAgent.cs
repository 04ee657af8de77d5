using System.Net;
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
internal sealed class WarmupAgent : MessageHandler, IMessageVisitor
{
    public const int TasksPerAgent = 10;
    private static readonly Resources AgentResources = Resources.Parse("cpus:16;mem:65536;disk:1048576;ports:[31000-32000]");
    private static readonly Resources TaskResources = Resources.Parse("cpus:0.1;mem:32");
    private readonly AgentInfo _info;
    private readonly FrameworkInfo _framework;
    private readonly Lock _lock = new();
    private FrameConnection? _connection;
    private ReregisterAgent? _reregistration;
    private TaskCompletionSource _registered = NewSignal();

    public WarmupAgent(int index, FrameworkInfo framework)
    {
        _info = new AgentInfo
        {
            Hostname = "warmup-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Resources = AgentResources,
        };
        _framework = framework;
    }

    /// <summary>Completes when the current connection's (re)registration is answered.</summary>
    public Task Registered => _registered.Task;

    public async Task ConnectAsync(EndPoint master, CancellationToken cancellationToken)
    {
        lock (_lock)
            _registered = NewSignal();
        var options = new DialOptions
        {
            LocalRole = PeerRole.Agent,
            ExpectedRemoteRole = PeerRole.Master,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        await TcpTransport.Instance.DialAsync(master, options, this, cancellationToken).ConfigureAwait(false);
    }

    // The registration rides behind the preamble, as a real agent's does.
    public override void OnGreeting(FrameConnection connection)
    {
        lock (_lock)
        {
            _connection = connection;
            if (_reregistration is null)
                connection.TrySendMessage(new RegisterAgent { Agent = _info, Version = MasterWarmup.AgentVersion });
            else
                connection.TrySendMessage(_reregistration);
        }
    }

    // Only the current connection's end fails the round: the close of a connection this agent
    // closed itself (Close cleared it first), or of an earlier round's, may be reported after the
    // next round has begun.
    public override void OnClosed(FrameConnection connection, CloseInfo info)
    {
        TaskCompletionSource registered;
        lock (_lock)
        {
            if (_connection != connection)
                return;
            _connection = null;
            registered = _registered;
        }

        registered.TrySetException(new IOException($"the warm-up master closed the connection ({info.Reason}: {info.Message})"));
    }

    public void Close()
    {
        FrameConnection? c;
        lock (_lock)
        {
            c = _connection;
            _connection = null;
        }

        c?.Close(CloseReason.LocalClose, "warm-up round over");
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type)
    {
        // Offers never come (no framework subscribes); nothing else needs an answer.
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

        lock (_lock)
            _reregistration = new ReregisterAgent { Agent = _info with { Id = id }, Version = MasterWarmup.AgentVersion, Tasks = tasks, Frameworks = [_framework] };
        _registered.TrySetResult();
    }

    void IMessageVisitor.Visit(in AgentReregistered message) => _registered.TrySetResult();

    void IMessageVisitor.Visit(in Ping message)
    {
        FrameConnection? c = Volatile.Read(ref _connection);
        c?.TrySendMessage(new Pong(message.Sequence, message.Timestamp));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
