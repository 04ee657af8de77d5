using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FastMesos.Messages;
using FastMesos.Simulator.Cluster;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Tests;

/// <summary>
/// The simulated agents' status update retries (their worklist of sent heads, not a scan of every
/// task), against a scripted master that admits the agent, launches tasks and acknowledges only
/// when told: an unacknowledged update is sent again after <c>status_retry_ms</c>, then after
/// twice as long each time (the real agent's backoff), and an acknowledged one never is.
/// </summary>
public sealed class SimAgentRetryTests
{
    private static readonly FrameworkInfo Framework = new() { User = "bench", Name = "bench", Id = new FrameworkId("fw-1") };

    [Fact]
    public async Task An_unacknowledged_update_is_resent_and_an_acknowledged_one_is_not()
    {
        var master = new ScriptedMaster();
        await using IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0),
            new ListenerOptions { LocalRole = PeerRole.Master, AllowedRoles = [PeerRole.Agent] }, master);
        using var fleet = new AgentFleet(WorkloadProfile.Default with { StatusRetryMs = 100 }, first: 0, count: 1, total: 1);
        await fleet.ConnectAllAsync(listener.LocalEndPoint, parallelism: 1, TimeSpan.FromSeconds(30));

        master.Launch("task-1");
        await Eventually.Until(() => master.Copies("task-1") >= 2, "TASK_RUNNING of task-1 resent");
        Guid first = master.Uuids("task-1").Single();
        Assert.True(fleet.Retries >= 1);

        master.Acknowledge("task-1", first);
        int copiesWhenAcknowledged = master.Copies("task-1");
        // Each resend of task-2 takes a retry pass of the timer; two of them after the
        // acknowledgement mean task-1's head came up (had it still been pending) at least once.
        master.Launch("task-2");
        await Eventually.Until(() => master.Copies("task-2") >= 3, "TASK_RUNNING of task-2 resent twice");

        Assert.InRange(master.Copies("task-1"), copiesWhenAcknowledged, copiesWhenAcknowledged + 1);
        int settled = master.Copies("task-1");
        await Eventually.Until(() => master.Copies("task-2") >= 5, "TASK_RUNNING of task-2 resent twice more", TimeSpan.FromSeconds(30));
        Assert.Equal(settled, master.Copies("task-1"));
        Assert.Single(master.Uuids("task-2"));
        // Resends wait 100, 200, 400 and 800 ms: the fifth copy comes at least 1.5 s after the
        // first (a fixed interval would have sent it after about 1 s, at the timer's 250 ms steps).
        List<long> arrivals = master.Arrivals("task-2");
        Assert.True(Stopwatch.GetElapsedTime(arrivals[0], arrivals[4]) >= TimeSpan.FromMilliseconds(1500),
            $"copies of task-2 arrived at {string.Join(", ", arrivals.Select(a => Stopwatch.GetElapsedTime(arrivals[0], a).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
    }

    /// <summary>Admits agents, launches on the last one's connection, records every update and acknowledges on request.</summary>
    private sealed class ScriptedMaster : MessageHandler, IMessageVisitor
    {
        private readonly ConcurrentQueue<StatusUpdate> _updates = new();
        private readonly ConcurrentQueue<(string TaskId, long At)> _arrivals = new();
        private FrameConnection? _agent;
        private AgentId _agentId;

        protected override IMessageVisitor VisitorFor(FrameConnection connection) => new Peer(this, connection);

        public void Unexpected(MessageType type)
        {
        }

        public void Launch(string taskId) => _agent!.TrySendMessage(new RunTask
        {
            Framework = Framework,
            Task = new TaskInfo
            {
                Name = "bench",
                TaskId = new TaskId(taskId),
                AgentId = _agentId,
                Resources = Resources.Parse("cpus:0.1;mem:32"),
                Command = new CommandInfo { Value = "sleep 3600" },
            },
        });

        public void Acknowledge(string taskId, Guid uuid) =>
            _agent!.TrySendMessage(new StatusUpdateAcknowledgement(_agentId, Framework.Id!.Value, new TaskId(taskId), uuid));

        public int Copies(string taskId) => _updates.Count(u => u.Status.TaskId.Value == taskId);

        public List<long> Arrivals(string taskId) => [.. _arrivals.Where(a => a.TaskId == taskId).Select(a => a.At)];

        public List<Guid> Uuids(string taskId) => [.. _updates.Where(u => u.Status.TaskId.Value == taskId).Select(u => u.Status.Uuid!.Value).Distinct()];

        private sealed class Peer(ScriptedMaster master, FrameConnection connection) : IMessageVisitor
        {
            public void Unexpected(MessageType type)
            {
            }

            public void Visit(in RegisterAgent message)
            {
                master._agentId = new AgentId("agent-" + Guid.NewGuid().ToString("N"));
                master._agent = connection;
                connection.TrySendMessage(new AgentRegistered { AgentId = master._agentId });
            }

            public void Visit(in StatusUpdate message)
            {
                master._arrivals.Enqueue((message.Status.TaskId.Value, Stopwatch.GetTimestamp()));
                master._updates.Enqueue(message);
            }
        }
    }
}
