using FastMesos.Messages;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    /// <summary>
    /// How many slices a ping interval is cut into; see <see cref="PingDueAgents"/>. 500: at 10,000
    /// agents and a 1 s interval a 2 ms slice holds 20 pings. A ping waits for the ones before it in
    /// its slice to be sent and answered, so the slice's size sets the heartbeat latency: with 50
    /// slices (200 pings each) p50 / p99 were 1.6–1.9 / 3.8–4.2 ms, with 500 0.22 / 0.72 ms
    /// (perf-reports/2026-12-05-heartbeat-slices.md).
    /// </summary>
    internal const int PingSlices = 500;

    // The ping wheel: bucket b holds the agents whose turn comes in slices b, b + PingSlices, b + 2 × PingSlices, …
    // counted from the master's start. _lastPingSlice is the last slice whose bucket had its turn.
    private readonly List<AgentRecord>[] _pingWheel = NewPingWheel();

    // _pingWheel[b].Count for each bucket, side by side: JoinPingWheel scans half the wheel (250
    // buckets) per acknowledged agent, and 10,000 re-registering agents would otherwise touch 250
    // scattered lists each.
    private readonly int[] _pingBucketSizes = new int[PingSlices];
    private long _lastPingSlice;

    private static List<AgentRecord>[] NewPingWheel()
    {
        var wheel = new List<AgentRecord>[PingSlices];
        for (int i = 0; i < wheel.Length; i++)
            wheel[i] = [];
        return wheel;
    }

    /// <summary>
    /// Mesos pings each agent on its own timer, every <see cref="MasterOptions.AgentPingTimeout"/>.
    /// Here the interval is cut into <see cref="PingSlices"/> slices on a fixed schedule from the
    /// master's start, and each agent belongs to one slice of the wheel (chosen when it is
    /// acknowledged, see <see cref="JoinPingWheel"/>): its turns come exactly one interval apart, and
    /// 10,000 agents are pinged twenty at a time instead of in one burst. Slices a late tick
    /// passed over get their turns on that tick, so no turn is skipped; after a stall of more than an
    /// interval each agent gets one turn.
    /// </summary>
    private void PingDueAgents(long now)
    {
        long sliceTicks = Math.Max(_options.AgentPingTimeout.Ticks / PingSlices, 1);
        long slice = _time.GetElapsedTime(_startTimestamp, now).Ticks / sliceTicks;
        if (slice - _lastPingSlice > PingSlices)
            _lastPingSlice = slice - PingSlices;
        while (_lastPingSlice < slice)
        {
            _lastPingSlice++;
            PingTurns(_pingWheel[(int)(_lastPingSlice % PingSlices)]);
        }
    }

    /// <summary>
    /// An acknowledged agent (registered or re-registered, and just pinged) takes the emptiest of the
    /// half-interval of slices that just had their turn: its next turn comes between half an interval
    /// and one interval from now, and agents that arrive in a burst still spread over half the wheel.
    /// </summary>
    private void JoinPingWheel(AgentRecord agent)
    {
        LeavePingWheel(agent);
        int best = -1;
        for (int back = 0; back < PingSlices / 2; back++)
        {
            int bucket = (int)((_lastPingSlice - back) % PingSlices + PingSlices) % PingSlices;
            if (best < 0 || _pingBucketSizes[bucket] < _pingBucketSizes[best])
                best = bucket;
        }

        _pingWheel[best].Add(agent);
        _pingBucketSizes[best]++;
        agent.PingBucket = best;
    }

    private void LeavePingWheel(AgentRecord agent)
    {
        if (agent.PingBucket < 0)
            return;
        _pingWheel[agent.PingBucket].Remove(agent);
        _pingBucketSizes[agent.PingBucket]--;
        agent.PingBucket = -1;
    }

    /// <summary>
    /// One bucket's turn: a connected agent that did not answer its last ping, or a disconnected one,
    /// misses one more; past the budget it is unreachable, else a connected agent is pinged.
    /// </summary>
    private void PingTurns(List<AgentRecord> bucket)
    {
        List<AgentRecord>? unreachable = null;
        foreach (AgentRecord agent in bucket)
        {
            if (agent.State is AgentState.Unreachable or AgentState.Recovered || agent.AwaitingRegistryVersion != 0)
                continue;
            if (agent.State == AgentState.Disconnected || agent.PongPending)
                agent.MissedPings++;
            if (agent.MissedPings >= _options.MaxAgentPingTimeouts)
            {
                (unreachable ??= []).Add(agent);
                continue;
            }

            if (agent.State == AgentState.Connected)
                SendPing(agent);
        }

        if (unreachable is null)
            return;
        foreach (AgentRecord agent in unreachable)
            MarkUnreachable(agent, $"agent {agent.Id} missed {agent.MissedPings} pings");
    }

    /// <summary>
    /// Pings start at (re)registration, as Mesos' SlaveObserver does, so the fifth missed turn
    /// comes at most one ping timeout × 5 after the agent went silent.
    /// </summary>
    private void SendPing(AgentRecord agent)
    {
        agent.PongPending = true;
        _outbox.Send(agent.Peer, new Ping(++agent.PingSequence, _time.GetTimestamp()));
    }
}
