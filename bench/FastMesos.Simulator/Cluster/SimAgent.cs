using System.Diagnostics;
using System.Net;
using FastMesos.Messages;
using FastMesos.Simulator.Failover;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;
using FastMesos.Transport.Messaging;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// One simulated agent speaking the real wire protocol over TCP: it registers (or, holding an id,
/// re-registers with its tasks), answers the master's pings, plays each launched task through the
/// states its framework's profile asks for, and keeps a status update stream per task that resends
/// the head until the master relays the framework's acknowledgement — as the real agent does. The
/// <see cref="AgentFleet"/> drives the retries from one timer.
/// </summary>
internal sealed class SimAgent : MessageHandler, IMessageVisitor
{
    private readonly AgentFleet _fleet;
    private readonly AgentInfo _info;
    private readonly Lock _lock = new();
    private readonly Dictionary<TaskId, SimTask> _tasks = [];

    /// <summary>The completed tasks a re-registration reports (Mesos' completed_frameworks); built before the failover.</summary>
    private CompletedFramework[] _history = [];

    private static readonly Resources HistoryTaskResources = Resources.Parse("cpus:0.1;mem:32");

    /// <summary>
    /// Every stream head sent, with the time it was sent, by when it is due for a resend: the retry
    /// timer's worklist. An entry goes stale when its head is acknowledged or resent (the task's
    /// <see cref="SimTask.HeadSentAt"/> moves on); stale entries are dropped when they come up.
    /// </summary>
    private readonly PriorityQueue<(SimTask Task, long SentAt), long> _sent = new();
    private FrameConnection? _connection;
    private AgentId? _id;
    private bool _registered;
    private int _registrationAttempt;
    private long _registrationDue;

    // The master's datagram heartbeat channel for the current connection; null: pinged over TCP.
    private HeartbeatChannel? _heartbeats;
    private IPAddress? _heartbeatMaster;
    private int _helloRetries;

    public SimAgent(AgentFleet fleet, AgentInfo info) : base(SimulatedAgentStrings.Pool)
    {
        _fleet = fleet;
        _info = info;
    }

    public bool Registered => Volatile.Read(ref _registered);

    public int TaskCount
    {
        get
        {
            lock (_lock)
                return _tasks.Count;
        }
    }

    // One for every agent and dial: options are immutable, and the pipe options they make are kept in
    // them, so a fleet dialing 10,000 connections does not make 10,000 of each (~380 B per dial).
    private static readonly DialOptions DialOptions = new()
    {
        LocalRole = PeerRole.Agent,
        ExpectedRemoteRole = PeerRole.Master,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // What follows a dial is the fleet's next dial (AgentFleet.ConnectAllAsync): short, never blocking.
        ResumeDialInline = true,
        MaxFrameSize = 16 * 1024 * 1024,
    };

    /// <summary>
    /// Dials <paramref name="master"/>; the (re)registration rides behind the preamble
    /// (<see cref="OnGreeting"/>) and its answer arrives later, possibly before this returns.
    /// </summary>
    public async Task ConnectAsync(EndPoint master, CancellationToken cancellationToken)
    {
        try
        {
            await TcpTransport.Instance.DialAsync(master, DialOptions, this, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The greeting may have recorded a connection whose handshake then failed.
            lock (_lock)
            {
                _connection = null;
                _registered = false;
            }

            throw;
        }
    }

    /// <summary>
    /// The registration as the greeting: it shares the preamble's segment, so the master answers
    /// both in one round trip (its preamble and the AgentRegistered leave together).
    /// </summary>
    public override void OnGreeting(FrameConnection connection)
    {
        lock (_lock)
        {
            _connection = connection;
            _registered = false;
            _registrationAttempt = 0;
            SendRegistrationLocked();
        }
    }

    public void Close()
    {
        FrameConnection? c;
        lock (_lock)
        {
            c = _connection;
            _connection = null;
            _registered = false;
            _heartbeats = null;
        }

        c?.Close(CloseReason.LocalClose, "closed by the simulation");
    }

    public override void OnClosed(FrameConnection connection, CloseInfo info)
    {
        bool wasRegistered;
        lock (_lock)
        {
            if (_connection != connection)
                return;
            _connection = null;
            wasRegistered = _registered;
            _registered = false;
            _heartbeats = null;
        }

        _fleet.OnDisconnected(wasRegistered);
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type) => _fleet.OnUnexpected();

    void IMessageVisitor.Visit(in AgentRegistered message) => OnRegistered(message.AgentId, message.Heartbeats);

    void IMessageVisitor.Visit(in AgentReregistered message) => OnRegistered(message.AgentId, message.Heartbeats);

    void IMessageVisitor.Visit(in Ping message)
    {
        _fleet.Latency.Record(message.Timestamp);
        _fleet.OnPing();
        FrameConnection? c = Volatile.Read(ref _connection);
        c?.TrySendMessage(new Pong(message.Sequence, message.Timestamp));
        // Still pinged over TCP with a channel taken: the hello may have been lost (at most 3 times, as the real agent).
        HeartbeatChannel? channel;
        IPAddress? master;
        lock (_lock)
        {
            channel = _heartbeats;
            master = _heartbeatMaster;
            if (channel is null || master is null || _helloRetries >= 3)
                return;
            _helloRetries++;
        }

        _fleet.Heartbeats?.SendHello(channel.Value, master);
    }

    /// <summary>
    /// A ping that came as a datagram, at <paramref name="arrivedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp; 0 when unknown): false when it is not for this agent's current channel (the caller drops it).
    /// </summary>
    internal bool OnDatagramPing(in HeartbeatDatagram ping, long arrivedAt)
    {
        HeartbeatChannel? channel;
        lock (_lock)
            channel = _heartbeats;
        if (channel is not { } c || c.Slot != ping.Slot || c.Token != ping.Token)
            return false;
        _fleet.Latency.Record(ping.Timestamp);
        if (arrivedAt != 0)
            _fleet.ArrivalLatency.Record(ping.Timestamp, arrivedAt);
        _fleet.OnPing();
        _fleet.OnDatagramPing();
        return true;
    }

    void IMessageVisitor.Visit(in RunTask message) => Launch(message.Framework, message.Task);

    void IMessageVisitor.Visit(in RunTaskGroup message)
    {
        foreach (TaskInfo task in message.Tasks)
            Launch(message.Framework, task);
    }

    void IMessageVisitor.Visit(in KillTask message)
    {
        SimTask? task;
        lock (_lock)
            _tasks.TryGetValue(message.TaskId, out task);
        if (task is not null)
            Enqueue(task, TaskState.Killed);
    }

    void IMessageVisitor.Visit(in ShutdownFramework message)
    {
        lock (_lock)
        {
            List<TaskId>? gone = null;
            foreach ((TaskId id, SimTask task) in _tasks)
            {
                if (task.Framework.Id == message.FrameworkId)
                    (gone ??= []).Add(id);
            }

            if (gone is null)
                return;
            foreach (TaskId id in gone)
                _fleet.OnAcked(_tasks[id].PendingCount);
            foreach (TaskId id in gone)
                _tasks.Remove(id);
        }
    }

    void IMessageVisitor.Visit(in StatusUpdateAcknowledgement message)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(message.TaskId, out SimTask? task)
                || !task.TryPeekHead(out StatusUpdate head) || head.Uuid != message.Uuid)
                return;   // A duplicate acknowledgement (of a resent update): already handled.
            task.DequeueHead();
            _fleet.OnAcked(1);
            if (task.TryPeekHead(out StatusUpdate next))
                SendLocked(task, next);
            else if (task.Ended)
                _tasks.Remove(message.TaskId);
        }
    }

    /// <summary>Queues <paramref name="perTask"/> RUNNING updates on every running task (the status flood); returns how many.</summary>
    public int Flood(int perTask)
    {
        int queued = 0;
        lock (_lock)
        {
            foreach (SimTask task in _tasks.Values)
            {
                if (task.Ended || task.State != TaskState.Running)
                    continue;
                for (int i = 0; i < perTask; i++)
                    EnqueueLocked(task, TaskState.Running);
                queued += perTask;
            }
        }

        return queued;
    }

    /// <summary>
    /// The timer's work: resends a registration that got no answer (backoff doubling from 1 s, at
    /// most 60 s) and every stream head unacknowledged for its retry interval, which starts at
    /// <paramref name="retryTicks"/> and doubles with each resend of the same head up to
    /// <paramref name="maxRetryTicks"/>, as the real agent's status update manager does (Mesos
    /// 10 s to 10 min): a fixed interval resent every late update every 10 s, and those duplicates
    /// made a loaded master later still. Only the heads due are looked at (<see cref="_sent"/>), not
    /// every task: with 500,000 tasks per process a scan of them all four times a second was a load of its own.
    /// </summary>
    public void Retry(long now, long retryTicks, long maxRetryTicks)
    {
        lock (_lock)
        {
            if (_connection is null)
                return;
            if (!_registered)
            {
                if (now >= _registrationDue)
                {
                    _registrationAttempt++;
                    SendRegistrationLocked();
                }

                return;
            }

            while (_sent.TryPeek(out (SimTask Task, long SentAt) sent, out long due) && due <= now)
            {
                _sent.Dequeue();
                SimTask task = sent.Task;
                // Stale when the head was acknowledged or sent again since, or the task is gone.
                if (task.HeadSentAt != sent.SentAt || !task.TryPeekHead(out StatusUpdate head)
                    || !_tasks.TryGetValue(task.TaskId, out SimTask? current) || current != task)
                    continue;
                _fleet.OnRetry();
                task.RetryTicks = Math.Min(task.RetryTicks * 2, maxRetryTicks);
                SendHeadLocked(task, head);
            }
        }
    }

    private void OnRegistered(AgentId id, HeartbeatChannel? heartbeats)
    {
        lock (_lock)
        {
            if (_registered)
                return;   // The answer to a registration retry.
            _id = id;
            _registered = true;
            if (heartbeats is { } channel && _connection?.RemoteEndPoint is IPEndPoint master && _fleet.HeartbeatsFor(master.AddressFamily) is { } fleet)
            {
                _heartbeats = channel;
                _heartbeatMaster = master.Address;
                _helloRetries = 0;
                fleet.Join(this, channel, master.Address);
            }

            // Updates queued while unregistered go out now (the real agent resumes its streams).
            foreach (SimTask task in _tasks.Values)
            {
                if (task.TryPeekHead(out StatusUpdate head))
                    SendLocked(task, head);
            }
        }

        _fleet.OnRegistered();
    }

    private void Launch(FrameworkInfo framework, TaskInfo info)
    {
        _fleet.OnLaunched();
        var task = new SimTask(_fleet.Framework(framework), info);
        lock (_lock)
        {
            if (!_tasks.TryAdd(info.TaskId, task))
                return;   // A duplicate task id: the master refuses those before they get here.
        }

        FrameworkProfile? profile = _fleet.Profile.Framework(framework.Name);
        _ = PlayAsync(task, profile ?? WorkloadProfile.Default.Frameworks[0]);
    }

    /// <summary>The task's life as its profile has it; synchronous when every delay is zero.</summary>
    private async Task PlayAsync(SimTask task, FrameworkProfile profile)
    {
        if (profile.StartingDelayMs is int starting)
        {
            if (starting > 0)
                await Task.Delay(starting).ConfigureAwait(false);
            Enqueue(task, TaskState.Starting);
        }

        if (profile.RunningDelayMs > 0)
            await Task.Delay(profile.RunningDelayMs).ConfigureAwait(false);
        Enqueue(task, TaskState.Running);
        if (profile.DurationMs is int duration)
        {
            if (duration > 0)
                await Task.Delay(duration).ConfigureAwait(false);
            Enqueue(task, TaskState.Finished);
        }
    }

    private void Enqueue(SimTask task, TaskState state)
    {
        lock (_lock)
            EnqueueLocked(task, state);
    }

    private void EnqueueLocked(SimTask task, TaskState state)
    {
        if (task.Ended)
            return;   // Killed before its delay ran out: nothing after a terminal state.
        task.State = state;
        task.Ended = state.IsTerminal();
        var status = new MesosTaskStatus
        {
            TaskId = task.TaskId,
            State = state,
            Source = TaskStatusSource.Executor,
            AgentId = _id,
            Uuid = UpdateUuids.Next(),
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        var update = new StatusUpdate(task.Framework.Id!.Value, status, state);
        _fleet.OnQueued();
        if (task.Enqueue(update))
            SendLocked(task, update);
    }

    /// <summary>Sends a new head (or the heads again after a registration): its retry interval starts over.</summary>
    private void SendLocked(SimTask task, in StatusUpdate update)
    {
        task.RetryTicks = _fleet.RetryTicks;
        SendHeadLocked(task, update);
    }

    private void SendHeadLocked(SimTask task, in StatusUpdate update)
    {
        task.HeadSentAt = Stopwatch.GetTimestamp();
        _sent.Enqueue((task, task.HeadSentAt), task.HeadSentAt + task.RetryTicks);
        if (_registered)
            _connection?.TrySendMessage(update);
    }

    private void SendRegistrationLocked()
    {
        if (_connection is null)
            return;
        AgentInfo info = _info with { Id = _id };
        if (_id is null)
            _connection.TrySendMessage(new RegisterAgent { Agent = info, Version = AgentFleet.Version });
        else
            _connection.TrySendMessage(BuildReregistrationLocked(info, _id.Value));
        TimeSpan wait = TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(_registrationAttempt, 6)));
        _registrationDue = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// Gives the agent a history of <paramref name="count"/> finished tasks (<c>done-&lt;agent&gt;-&lt;k&gt;</c>),
    /// spread round-robin over <paramref name="frameworks"/>, like those of earlier runs of them here
    /// that its re-registrations report (the D-…-1M scenarios of §8.2d), each on 0.1 cpu and 32 MB.
    /// Returns how many it has (none before it has an id).
    /// </summary>
    public int AddHistory(int count, IReadOnlyList<FrameworkInfo> frameworks)
    {
        lock (_lock)
        {
            if (_id is not { } id || count == 0 || frameworks.Count == 0)
                return 0;
            _history = TaskHistory.Build(id, _info.Hostname, count, frameworks, HistoryTaskResources, []);
            return count;
        }
    }

    /// <summary>A re-registration listing every task and its newest state, and the agent's history (after a master failover).</summary>
    private ReregisterAgent BuildReregistrationLocked(AgentInfo info, AgentId id)
    {
        var tasks = new List<LaunchedTask>(_tasks.Count);
        // An agent runs tasks of a few frameworks: a list searched by id is all it takes (a
        // dictionary per re-registration was ~190 B of a failover's garbage per agent).
        var frameworks = new List<FrameworkInfo>(1);
        foreach (SimTask task in _tasks.Values)
        {
            FrameworkId fw = task.Framework.Id!.Value;
            AddFramework(frameworks, task.Framework, fw);
            bool pending = task.TryPeekHead(out StatusUpdate head);
            tasks.Add(new LaunchedTask
            {
                Name = task.Name,
                TaskId = task.TaskId,
                FrameworkId = fw,
                AgentId = id,
                State = task.State,
                Resources = task.Resources,
                StatusUpdateState = pending ? head.Status.State : null,
                StatusUpdateUuid = pending ? head.Uuid : null,
            });
        }

        return new ReregisterAgent
        {
            Agent = info, Version = AgentFleet.Version, Tasks = tasks, Frameworks = frameworks, CompletedFrameworks = _history,
        };
    }

    /// <summary>Adds <paramref name="framework"/> to <paramref name="frameworks"/> unless one with its id is there; the newest wins, as a dictionary by id would keep it.</summary>
    private static void AddFramework(List<FrameworkInfo> frameworks, FrameworkInfo framework, FrameworkId id)
    {
        for (int i = 0; i < frameworks.Count; i++)
        {
            if (frameworks[i].Id == id)
            {
                frameworks[i] = framework;
                return;
            }
        }

        frameworks.Add(framework);
    }
}
