using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// What the agent knows, as the HTTP endpoints and tests read it through
/// <see cref="AgentRuntime.Read{T}"/> (under the runtime's lock: do not keep references past the call).
/// </summary>
public sealed class AgentRuntimeState
{
    internal AgentRuntimeState(AgentOptions options, double startTime)
    {
        Options = options;
        StartTime = startTime;
    }

    public AgentOptions Options { get; }

    /// <summary>Seconds since the epoch when this runtime started.</summary>
    public double StartTime { get; }

    /// <summary>The id the master gave (or the checkpoint held); null before the first registration.</summary>
    public AgentId? AgentId { get; internal set; }

    public bool Registered { get; internal set; }

    /// <summary>This runtime recovered a checkpoint at start.</summary>
    public bool Recovered { get; internal set; }

    public Dictionary<string, AgentFramework> Frameworks { get; } = new(StringComparer.Ordinal);

    public Queue<AgentFramework> CompletedFrameworks { get; } = new();

    /// <summary>Every task not yet completed, by (framework id, task id).</summary>
    internal Dictionary<(string Framework, string Task), AgentTask> Tasks { get; } = [];

    public IEnumerable<AgentTask> LiveTasks => Tasks.Values;

    public AgentCounters Counters { get; } = new();

    /// <summary>The leading master's host as last known (Mesos <c>master_hostname</c>); empty while none is.</summary>
    public string MasterHostname => (Options.MasterLocator?.Current ?? Options.Master) switch
    {
        System.Net.IPEndPoint ip => ip.Address.ToString(),
        System.Net.DnsEndPoint dns => dns.Host,
        null => "",
        { } other => other.ToString() ?? "",
    };

    public string Pid => $"slave(1)@{Options.Ip}:{Options.Port}";

    /// <summary>How many live tasks are in <paramref name="state"/>.</summary>
    public int CountTasks(TaskState state)
    {
        int n = 0;
        foreach (AgentTask task in Tasks.Values)
        {
            if (task.State == state)
                n++;
        }

        return n;
    }

    /// <summary>The resources of tasks whose container has not ended.</summary>
    public Resources UsedResources()
    {
        Resources used = Resources.Empty;
        foreach (AgentTask task in Tasks.Values)
        {
            if (!task.Exited)
                used += task.Info.Resources;
        }

        return used;
    }
}
