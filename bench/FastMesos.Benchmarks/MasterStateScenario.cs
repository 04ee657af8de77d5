using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Master.Ha;
using FastMesos.Master.Http;
using FastMesos.Messages;

namespace FastMesos.Benchmarks;

/// <summary>
/// A master core as the state scenario of <c>sim cluster</c> leaves it: agents
/// <c>cpus:8;mem:16384;disk:16384;ports:[31000-32000]</c>, each re-registered with its RUNNING
/// <c>cpus:0.1;mem:32</c> tasks of the one framework <c>bench</c>.
/// </summary>
internal static class MasterStateScenario
{
    private static readonly MasterLeadership Leader = new(elected: true);

    public static MasterCore Build(int agents, int tasksPerAgent)
    {
        var core = new MasterCore(new MasterOptions { MasterId = "bench-master", Hostname = "bench" }, new NullOutbox());
        var framework = new FrameworkInfo { Id = new FrameworkId("bench-framework"), User = "root", Name = "bench", FailoverTimeoutSeconds = 3600, Checkpoint = true };
        Resources agentResources = Resources.Parse("cpus:8;mem:16384;disk:16384;ports:[31000-32000]");
        Resources taskResources = Resources.Parse("cpus:0.1;mem:32");
        for (int i = 0; i < agents; i++)
        {
            var id = new AgentId("bench-S" + i);
            var tasks = new LaunchedTask[tasksPerAgent];
            for (int k = 0; k < tasks.Length; k++)
            {
                tasks[k] = new LaunchedTask
                {
                    Name = "bench",
                    TaskId = new TaskId("bench-" + ((i * tasksPerAgent) + k)),
                    FrameworkId = framework.Id!.Value,
                    AgentId = id,
                    State = TaskState.Running,
                    Resources = taskResources,
                };
            }

            core.OnReregisterAgent(i + 1, new ReregisterAgent
            {
                Agent = new AgentInfo { Id = id, Hostname = "agent-" + i, Port = 5051, Resources = agentResources },
                Version = "1.11.0",
                Tasks = tasks,
                Frameworks = [framework],
            }, "10.0.0.1");
        }

        return core;
    }

    /// <summary>Only the copy the endpoints take under the master's lock; returns the agents and tasks copied.</summary>
    public static int SnapshotOnce(MasterCore core)
    {
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        return snapshot.Size;
    }

    /// <summary>Copies the core and writes the state document as MessagePack, as the endpoint does for <c>Accept: application/x-msgpack</c>; returns its length.</summary>
    public static long WriteStateMessagePackOnce(MasterCore core)
    {
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        using PooledSegmentBuffer buffer = MasterHttp.RenderMessagePack(snapshot, Leader);
        return buffer.WrittenCount;
    }

    /// <summary>Copies the core and writes the state document as the endpoint does; returns its length in bytes.</summary>
    public static long WriteStateOnce(MasterCore core)
    {
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        using PooledSegmentBuffer buffer = MasterHttp.RenderJson(snapshot, Leader, static (w, s, l) => MasterStateJson.WriteState(w, s, l));
        return buffer.WrittenCount;
    }

    /// <summary>One <c>/metrics/snapshot</c> document as the endpoint writes it (all of it under the master's lock); its bytes.</summary>
    public static long WriteMetricsOnce(MasterCore core)
    {
        using PooledSegmentBuffer buffer = MasterHttp.RenderJson(core, 0, static (w, c, _) => MasterMetrics.Write(w, c, elected: true));
        return buffer.WrittenCount;
    }

    private sealed class NullOutbox : IMasterOutbox
    {
        public void Send<T>(int peer, in T message)
        {
        }

        public void Close(int peer, string reason)
        {
        }
    }
}
