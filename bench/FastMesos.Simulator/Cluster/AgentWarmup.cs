using System.Buffers;
using System.Diagnostics;
using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Warms a simulated-agents process before it dials. The paths the scenarios run later — a RunTask
/// decoded and played, status updates encoded, acknowledgements and pings decoded, pongs and a
/// re-registration encoded — run through the codec and a throwaway
/// agent that has no connection (so nothing is sent and the real fleet's counters stay untouched).
/// Then a throwaway fleet dials, registers and re-registers with a <see cref="WarmupMaster"/> on
/// loopback in this process: the dial, the handshake, the read loop and the registration answers,
/// and after each the datagram heartbeat channel (the fleet's socket and thread, hellos, pings and
/// pongs, the latency histograms).
/// Without it the load generator JIT-compiles them inside the measured windows: a third of the agent
/// processes' CPU in a 10k launch, and 30% in the register storm (JIT, runtime and tier-up thread),
/// taken from the two cores the master also runs on
/// (specs/performance.md §8.1: warm up, then measure), in the spaced batches of <see cref="JitWarmup"/>,
/// then waits for the tier-up those batches queued (<see cref="JitWarmup.SettleAsync"/>).
/// The master warms itself only when asked (<c>--master-warmup</c>, its <c>--warmup_agents</c>; the
/// failover and register scenarios ask by default): otherwise its cold start is part of what the scenarios measure.
/// </summary>
internal static class AgentWarmup
{
    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the warm-up; returns how many registrations and re-registrations the warm-up master answered.</summary>
    public static async Task<long> RunAsync(WorkloadProfile profile)
    {
        // Pings time out after a second unanswered; the warm-up waits for each round's pongs anyway.
        using HeartbeatServer? heartbeats = HeartbeatServer.TryStart(IPAddress.Loopback, 0, Stopwatch.Frequency);
        var master = new WarmupMaster(heartbeats);
        await using IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0),
            new ListenerOptions { LocalRole = PeerRole.Master, AllowedRoles = [PeerRole.Agent] }, master).ConfigureAwait(false);
        await JitWarmup.RunSpacedAsync(async batch =>
        {
            RunBatch(profile, batch);
            await DialBatchAsync(profile, master, listener.LocalEndPoint).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await JitWarmup.SettleAsync().ConfigureAwait(false);
        // The warm-up's garbage (throwaway fleets, their sockets and buffers) goes now, not in a
        // collection inside the storm; as the master's warm-up ends with one.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return master.Admitted;
    }

    /// <summary>
    /// <see cref="JitWarmup.Rounds"/> agents register with the warm-up master and are pinged over
    /// its datagram channel, drop their connections and re-register (as after a failover) and are
    /// pinged again, then close. The throwaway fleet records its latencies, so that path is warm too.
    /// </summary>
    private static async Task DialBatchAsync(WorkloadProfile profile, WarmupMaster master, EndPoint endPoint)
    {
        using var fleet = new AgentFleet(profile, first: 0, count: JitWarmup.Rounds, total: JitWarmup.Rounds);
        fleet.Latency.Recording = true;
        fleet.ArrivalLatency.Recording = true;
        await fleet.ConnectAllAsync(endPoint, JitWarmup.Rounds, DialTimeout).ConfigureAwait(false);
        await master.PingAsync().ConfigureAwait(false);
        await fleet.ReconnectAllAsync(endPoint, JitWarmup.Rounds, DialTimeout).ConfigureAwait(false);
        await master.PingAsync().ConfigureAwait(false);
    }

    private static void RunBatch(WorkloadProfile profile, int batch)
    {
        using var fleet = new AgentFleet(profile, first: 0, count: 1, total: 1);
        IMessageVisitor agent = fleet.AgentAt(0);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        FrameworkProfile kind = profile.Frameworks[0];
        var framework = new FrameworkInfo { User = "bench", Name = kind.Name, Roles = kind.Roles, Id = new FrameworkId("warmup-framework") };
        var agentId = new AgentId("warmup-agent");
        Resources resources = Resources.Parse(kind.TaskResources);
        var info = new AgentInfo { Hostname = "warmup", Port = 5051, Id = agentId, Resources = Resources.Parse(profile.Agents[0].Resources), Attributes = AgentAttributes.Empty };
        var launched = new List<LaunchedTask>(10);
        for (int i = 0; i < JitWarmup.Rounds; i++)
        {
            var task = new TaskInfo
            {
                Name = kind.Name,
                TaskId = new TaskId("warmup-" + batch.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                AgentId = agentId,
                Resources = resources,
                Command = new CommandInfo { Value = "sleep 3600" },
            };
            JitWarmup.RoundTrip(buffer, new RunTask { Framework = framework, Task = task }, agent);

            var status = new MesosTaskStatus
            {
                TaskId = task.TaskId,
                State = TaskState.Running,
                Source = TaskStatusSource.Executor,
                AgentId = agentId,
                Uuid = UpdateUuids.Next(),
                Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            };
            JitWarmup.Encode(buffer, new StatusUpdate(framework.Id!.Value, status, TaskState.Running));
            JitWarmup.RoundTrip(buffer, new StatusUpdateAcknowledgement(agentId, framework.Id.Value, task.TaskId, status.Uuid.Value), agent);
            JitWarmup.RoundTrip(buffer, new Ping((ulong)i, Stopwatch.GetTimestamp()), agent);
            JitWarmup.Encode(buffer, new Pong((ulong)i, Stopwatch.GetTimestamp()));

            if (launched.Count == 10)
                launched.RemoveAt(0);
            launched.Add(new LaunchedTask
            {
                Name = task.Name,
                TaskId = task.TaskId,
                FrameworkId = framework.Id.Value,
                AgentId = agentId,
                State = TaskState.Running,
                Resources = resources,
            });
            JitWarmup.Encode(buffer, new ReregisterAgent
            {
                Agent = info,
                Version = AgentFleet.Version,
                Tasks = launched,
                Frameworks = [framework],
            });
        }
    }
}
