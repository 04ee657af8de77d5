using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler.Tests;

/// <summary>
/// A stand-in agent on a real wire connection: registers, answers pings, and "runs" each task by
/// sending the status updates its script names. Like a real agent's status update manager it keeps
/// one stream per task and sends the next update only after the head was acknowledged.
/// The default script: a command containing "fail" → RUNNING, FAILED; containing "sleep" →
/// RUNNING (and stays there); anything else → RUNNING, FINISHED. A kill ends a task KILLED.
/// </summary>
internal sealed class FakeAgent : MessageHandler, IMessageVisitor, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<StatusUpdate>> _streams = [];
    private readonly List<RunTask> _launched = [];
    private readonly List<StatusUpdateAcknowledgement> _acks = [];
    private readonly List<FrameworkId> _shutdowns = [];
    private readonly Func<TaskInfo, TaskState[]> _script;
    private FrameConnection? _connection;

    private FakeAgent(Func<TaskInfo, TaskState[]>? script) => _script = script ?? DefaultScript;

    public AgentId? AgentId { get; private set; }

    public IReadOnlyList<RunTask> Launched { get { lock (_gate) return [.. _launched]; } }

    public IReadOnlyList<StatusUpdateAcknowledgement> Acknowledgements { get { lock (_gate) return [.. _acks]; } }

    public IReadOnlyList<FrameworkId> FrameworkShutdowns { get { lock (_gate) return [.. _shutdowns]; } }

    /// <summary>Dials the master, registers with <paramref name="resources"/> and waits for the agent id.</summary>
    public static async Task<FakeAgent> StartAsync(IPEndPoint master, string resources = "cpus:2;mem:1024", string hostname = "fake-agent",
        Func<TaskInfo, TaskState[]>? script = null)
    {
        var agent = new FakeAgent(script);
        var options = new DialOptions { LocalRole = PeerRole.Agent, ExpectedRemoteRole = PeerRole.Master };
        agent._connection = await TcpTransport.Instance.DialAsync(master, options, agent);
        var register = new RegisterAgent
        {
            Agent = new AgentInfo { Hostname = hostname, Resources = Resources.Parse(resources) },
            Version = "1.11.0",
        };
        Assert.True(agent._connection.TrySendMessage(in register));
        await Eventually.Until(() => agent.AgentId is not null, $"agent {hostname} registered");
        return agent;
    }

    public static TaskState[] DefaultScript(TaskInfo task)
    {
        string command = task.Command?.Value ?? "";
        if (command.Contains("fail", StringComparison.Ordinal))
            return [TaskState.Running, TaskState.Failed];
        if (command.Contains("sleep", StringComparison.Ordinal))
            return [TaskState.Running];
        return [TaskState.Running, TaskState.Finished];
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    public void Unexpected(MessageType type) => _connection?.Close(CloseReason.UnexpectedMessage, $"fake agent got {type}");

    public void Visit(in AgentRegistered message) => AgentId = message.AgentId;

    public void Visit(in Ping message) => _connection!.TrySendMessage(new Pong(message.Sequence, message.Timestamp));

    public void Visit(in RunTask message)
    {
        lock (_gate)
        {
            _launched.Add(message);
            foreach (TaskState state in _script(message.Task))
                Enqueue(message.Framework.Id!.Value, message.Task.TaskId, state);
        }
    }

    public void Visit(in KillTask message)
    {
        lock (_gate)
            Enqueue(message.FrameworkId, message.TaskId, TaskState.Killed);
    }

    public void Visit(in ShutdownFramework message)
    {
        lock (_gate)
            _shutdowns.Add(message.FrameworkId);
    }

    public void Visit(in StatusUpdateAcknowledgement message)
    {
        lock (_gate)
        {
            _acks.Add(message);
            if (!_streams.TryGetValue(message.TaskId.Value, out Queue<StatusUpdate>? stream)
                || !stream.TryPeek(out StatusUpdate head) || head.Uuid != message.Uuid)
                return;
            stream.Dequeue();
            if (stream.TryPeek(out StatusUpdate next))
                _connection!.TrySendMessage(in next);
        }
    }

    /// <summary>Appends an update to the task's stream; it goes out now when the stream was idle.</summary>
    public void Enqueue(FrameworkId framework, TaskId task, TaskState state)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(task.Value, out Queue<StatusUpdate>? stream))
                _streams[task.Value] = stream = new Queue<StatusUpdate>();
            var status = new MesosTaskStatus
            {
                TaskId = task,
                State = state,
                Source = TaskStatusSource.Executor,
                AgentId = AgentId,
                Uuid = Guid.NewGuid(),
                Message = $"fake agent: {state.WireName()}",
                Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            };
            var update = new StatusUpdate(framework, status, state);
            stream.Enqueue(update);
            if (stream.Count == 1)
                _connection!.TrySendMessage(in update);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
