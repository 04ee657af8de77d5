namespace FastMesos.Engine.Master;

/// <summary>
/// Running sums over the master's agents for <c>/metrics/snapshot</c>: how many are in each
/// <see cref="AgentState"/>, and over the agents in allocation (connected or disconnected) their
/// total and used cpus, memory and disk. The snapshot is written under the master's lock and
/// monitors poll it; walking 10,000 agent records for it took 0.69 ms warm and ~2.6 ms in a
/// 1,000 × 1,000 deploy (cold records, <c>Resources.Scalar</c> searched three times per agent).
/// </summary>
/// <remarks>
/// Invariant: the sums equal a walk over every <see cref="AgentRecord"/> the census was given to.
/// They are kept by the record itself, the only place its inputs change: its constructor enters it
/// (in its initial state, <see cref="AgentState.Connected"/>), and <see cref="AgentRecord.State"/>,
/// <see cref="AgentRecord.Info"/> and its used-resource charges take its share out before the
/// change and put it back after. The master never forgets an agent, so nothing leaves the census.
/// Sums are in thousandths, as <see cref="FastMesos.Messages.Scalar"/> keeps them: adding and taking
/// away the same values returns exactly to where it was.
/// </remarks>
public sealed class AgentCensus
{
    private readonly int[] _byState = new int[Enum.GetValues<AgentState>().Length];
    private long _totalMilliCpus, _totalMilliMem, _totalMilliDisk;
    private long _usedMilliCpus, _usedMilliMem, _usedMilliDisk;

    /// <summary>Agents in <paramref name="state"/>.</summary>
    public int Count(AgentState state) => _byState[(int)state];

    /// <summary>Cpus of the agents in allocation (connected or disconnected).</summary>
    public double TotalCpus => _totalMilliCpus / 1000.0;

    /// <summary>Memory (MB) of the agents in allocation.</summary>
    public double TotalMem => _totalMilliMem / 1000.0;

    /// <summary>Disk (MB) of the agents in allocation.</summary>
    public double TotalDisk => _totalMilliDisk / 1000.0;

    /// <summary>Cpus the tasks on the agents in allocation use (<see cref="AgentRecord.UsedCpus"/> summed).</summary>
    public double UsedCpus => _usedMilliCpus / 1000.0;

    /// <summary>Memory (MB) the tasks on the agents in allocation use.</summary>
    public double UsedMem => _usedMilliMem / 1000.0;

    /// <summary>Disk (MB) the tasks on the agents in allocation use.</summary>
    public double UsedDisk => _usedMilliDisk / 1000.0;

    /// <summary>Whether an agent in <paramref name="state"/> counts towards the resource sums (it is in allocation).</summary>
    internal static bool InAllocation(AgentState state) => state is AgentState.Connected or AgentState.Disconnected;

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (−1) <paramref name="agent"/>'s share, as it is now.</summary>
    internal void Tally(AgentRecord agent, int sign)
    {
        AgentState state = agent.State;
        _byState[(int)state] += sign;
        if (!InAllocation(state))
            return;
        _totalMilliCpus += sign * agent.TotalMilliCpus;
        _totalMilliMem += sign * agent.TotalMilliMem;
        _totalMilliDisk += sign * agent.TotalMilliDisk;
        _usedMilliCpus += sign * agent.UsedMilliCpus;
        _usedMilliMem += sign * agent.UsedMilliMem;
        _usedMilliDisk += sign * agent.UsedMilliDisk;
    }
}
