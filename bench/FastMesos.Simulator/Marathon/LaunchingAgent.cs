using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// An agent that "runs" whatever it is given: it registers with the master over the in-process
/// transport, answers pings, and answers each launch with one TASK_RUNNING (a kill with
/// TASK_KILLED). It counts the launches it received: the benchmark's over-scale check counts
/// tasks at the agents, not in Marathon's own bookkeeping. No executor, no process.
/// </summary>
internal sealed class LaunchingAgent : MessageHandler, IMessageVisitor
{
    private readonly AgentInfo _info;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FrameConnection? _connection;
    private AgentId? _id;
    private int _launched;
    private int _unexpected;

    public LaunchingAgent(string hostname, Resources resources) : base(SimulatedAgentStrings.Pool) =>
        _info = new AgentInfo { Hostname = hostname, Port = 5051, Resources = resources };

    /// <summary>RunTask messages received.</summary>
    public int Launched => Volatile.Read(ref _launched);

    /// <summary>Messages an agent here does not expect (task groups, operations, a shutdown).</summary>
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Dials <paramref name="master"/> and registers; completes once the master admitted the agent.</summary>
    public async Task RegisterAsync(ITransport transport, InProcEndPoint master)
    {
        var options = new DialOptions { LocalRole = PeerRole.Agent, ExpectedRemoteRole = PeerRole.Master };
        _connection = await transport.DialAsync(master, options, this).ConfigureAwait(false);
        var register = new RegisterAgent { Agent = _info, Version = "1.11.0" };
        if (!_connection.TrySendMessage(in register))
            throw new InvalidOperationException($"agent {_info.Hostname} could not send its registration");
        await _registered.Task.ConfigureAwait(false);
    }

    public async Task DisconnectAsync()
    {
        if (_connection is { } c)
            await c.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type) => Interlocked.Increment(ref _unexpected);

    void IMessageVisitor.Visit(in AgentRegistered message)
    {
        _id = message.AgentId;
        _registered.TrySetResult();
    }

    void IMessageVisitor.Visit(in Ping message) => _connection?.TrySendMessage(new Pong(message.Sequence, message.Timestamp));

    void IMessageVisitor.Visit(in RunTask message)
    {
        Interlocked.Increment(ref _launched);
        Send(message.Framework.Id!.Value, message.Task.TaskId, TaskState.Running);
    }

    void IMessageVisitor.Visit(in KillTask message) => Send(message.FrameworkId, message.TaskId, TaskState.Killed);

    // Acknowledgements end a stream of one update: nothing more to send.
    void IMessageVisitor.Visit(in StatusUpdateAcknowledgement message)
    {
    }

    void IMessageVisitor.Visit(in ShutdownFramework message)
    {
    }

    private void Send(FrameworkId framework, TaskId task, TaskState state)
    {
        var status = new MesosTaskStatus
        {
            TaskId = task,
            State = state,
            Source = TaskStatusSource.Executor,
            AgentId = _id,
            Uuid = UpdateUuids.Next(),
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        _connection?.TrySendMessage(new StatusUpdate(framework, status, state));
    }
}
