using System.Diagnostics;
using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Master;
using FastMesos.Master.Registry;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// The master failover benchmark (specs/performance.md §8.2d, issue 5), in one process over the
/// in-process transport: master A with an in-memory registry learns the agents and their tasks
/// (each agent re-registers with its tasks, as agents do after a master restart without a
/// registry); A stops; master B on the same registry is "elected", recovers the registry and every
/// agent redials B and re-registers with its id, tasks and frameworks. Timed from the election to
/// the last AgentReregistered an agent receives (Mesos' completion criterion).
/// </summary>
public static class FailoverRunner
{
    public static async Task<FailoverResult> RunAsync(FailoverSpec spec, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        progress ??= static _ => { };
        var transport = new InProcTransport();
        var store = new InMemoryRegistryStore();
        SimulatedAgent[] agents = FailoverScenario.BuildAgents(spec);
        var dial = new DialOptions { LocalRole = PeerRole.Agent, ExpectedRemoteRole = PeerRole.Master };

        // Phase 1 (unmeasured): master A learns every agent and task and stores its registry.
        long setupStart = Stopwatch.GetTimestamp();
        progress("populating the first master");
        MasterServer first = await StartMasterAsync("failover-a", transport, store).ConfigureAwait(false);
        long registryBytes;
        byte[] registry;
        try
        {
            var populated = new ReregistrationCounter(agents.Length);
            await ReregisterAllAsync(agents, transport, new InProcEndPoint("failover-a"), dial, populated, spec).ConfigureAwait(false);
            await WaitAsync(populated.Done, spec.PhaseTimeout, "the first master answering every agent").ConfigureAwait(false);
            await WaitUntilAsync(() => first.Read(static c => c.StoredRegistryVersion >= c.RegistryVersion), spec.PhaseTimeout, "the first master's registry stored").ConfigureAwait(false);
            registryBytes = first.Registrar!.RegistrySizeBytes;
            registry = (await store.OpenAnother().FetchAsync().ConfigureAwait(false))!;
        }
        finally
        {
            // The old leader is gone: its connections close, the agents will dial the new one.
            await first.DisposeAsync().ConfigureAwait(false);
            foreach (SimulatedAgent agent in agents)
                await agent.DisconnectAsync().ConfigureAwait(false);
        }

        double setupSeconds = Stopwatch.GetElapsedTime(setupStart).TotalSeconds;

        // Phase 2 (measured): B is elected, recovers, and every agent re-registers with it.
        progress("failing over to the second master");
        PhaseMeter meter = PhaseMeter.Start();
        var answered = new ReregistrationCounter(agents.Length);

        long elected = Stopwatch.GetTimestamp();
        MasterServer second = await StartMasterAsync("failover-b", transport, store.OpenAnother()).ConfigureAwait(false);
        try
        {
            await second.RecoverAsync().ConfigureAwait(false);
            long recovered = Stopwatch.GetTimestamp();
            await ReregisterAllAsync(agents, transport, new InProcEndPoint("failover-b"), dial, answered, spec).ConfigureAwait(false);
            await WaitAsync(answered.Done, spec.PhaseTimeout, "the second master answering every agent").ConfigureAwait(false);

            PhaseCost cost = meter.Stop();
            double seconds = Stopwatch.GetElapsedTime(elected, answered.LastTimestamp).TotalSeconds;

            FailoverAudit audit = second.Read(core => FailoverAudit.Of(core, agents));
            var messages = new ReregisterAgent[agents.Length];
            for (int i = 0; i < agents.Length; i++)
                messages[i] = agents[i].Message;
            (double coreRecover, double coreReregister, long coreBytes) = CoreReplay.Run(registry, messages);
            int tasks = spec.Agents * spec.TasksPerAgent;
            // An agent's history is of the frameworks it runs (none without tasks), spread evenly:
            // each framework keeps its share up to the bound.
            long completed = spec.TasksPerAgent == 0 ? 0 : (long)spec.Agents * spec.CompletedTasksPerAgent;
            long keptExpected = Math.Min(completed, (long)spec.Frameworks * second.Read(static core => core.Options.MaxCompletedTasksPerFramework));
            return new FailoverResult
            {
                Name = spec.Name,
                Agents = spec.Agents,
                Tasks = tasks,
                Frameworks = spec.Frameworks,
                LabelsPerTask = spec.LabelsPerTask,
                SetupSeconds = Math.Round(setupSeconds, 3),
                RegistryBytes = registryBytes,
                RecoverMs = Math.Round(Stopwatch.GetElapsedTime(elected, recovered).TotalMilliseconds, 1),
                Reregistered = audit.Reregistered,
                Seconds = Math.Round(seconds, 4),
                FirstAckMs = Math.Round(Stopwatch.GetElapsedTime(elected, answered.FirstTimestamp).TotalMilliseconds, 1),
                ReregistrationsPerSec = Math.Round(spec.Agents / seconds),
                MasterCpuSeconds = Math.Round(cost.CpuSeconds, 3),
                CoreRecoverMs = Math.Round(coreRecover * 1000, 1),
                CoreReregisterSeconds = Math.Round(coreReregister, 4),
                CoreBytesPerReregistration = coreBytes / Math.Max(1, agents.Length),
                Gc0 = cost.Gc0,
                Gc1 = cost.Gc1,
                Gc2 = cost.Gc2,
                AllocatedBytes = cost.AllocatedBytes,
                RecoveringAfter = audit.Recovering,
                AgentsWithOtherId = answered.WrongId,
                Unreachable = audit.Unreachable,
                RunningTasks = audit.RunningTasks,
                LostTasks = tasks - audit.RunningTasks,
                CompletedTasks = completed,
                CompletedTasksKept = audit.CompletedTasks,
                Ok = audit.Reregistered == spec.Agents && answered.WrongId == 0 && audit.Unreachable == 0
                    && audit.RunningTasks == tasks && !audit.Recovering && audit.CompletedTasks == keptExpected,
            };
        }
        finally
        {
            await second.DisposeAsync().ConfigureAwait(false);
            foreach (SimulatedAgent agent in agents)
                await agent.DisconnectAsync().ConfigureAwait(false);
        }
    }

    private static Task<MasterServer> StartMasterAsync(string name, InProcTransport transport, IRegistryStore store) =>
        MasterServer.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),   // not listened at: the in-process transport uses TransportEndPoint
            TransportEndPoint = new InProcEndPoint(name),
            Transport = transport,
            RegistryStore = store,
            Core = new MasterOptions
            {
                MasterId = name,
                AgentReregisterTimeout = TimeSpan.FromMinutes(10),
                Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromSeconds(1) },
            },
        });

    /// <summary>Every agent dials <paramref name="master"/> and re-registers, <see cref="FailoverSpec.DialConcurrency"/> at a time.</summary>
    private static Task ReregisterAllAsync(SimulatedAgent[] agents, InProcTransport transport, InProcEndPoint master,
        DialOptions dial, ReregistrationCounter counter, FailoverSpec spec) =>
        Concurrently.ForEachAsync(agents.Length, spec.DialConcurrency, i => agents[i].ReregisterAsync(transport, master, dial, counter));

    private static async Task WaitAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        long start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
