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

    // The ping wheel: bucket b holds the ping handles of the agents whose turn comes in slices b,
    // b + PingSlices, b + 2 × PingSlices, … counted from the master's start. _lastPingSlice is the
    // last slice whose bucket had its turn.
    private readonly List<int>[] _pingWheel = NewPingWheel();

    // _pingWheel[b].Count for each bucket, side by side: JoinPingWheel scans half the wheel (250
    // buckets) per acknowledged agent, and 10,000 re-registering agents would otherwise touch 250
    // scattered lists each.
    private readonly int[] _pingBucketSizes = new int[PingSlices];
    private long _lastPingSlice;

    // The ping table: the state of each agent in the wheel, by ping handle (AgentRecord.PingHandle).
    // A turn reads it and a pong writes it without fetching the AgentRecord, which at 10,000 agents
    // pinged once a second is never in the cache: reading the records was 18% of the master's CPU
    // in steady heartbeats (perf-reports/2026-12-06-heartbeat-wakeups/). Freed handles are reused.
    // Invariant: a handle below _pingHandles is either free (Agent null, in _freePingHandles) or
    // held by exactly one agent in the wheel, whose PingHandle it is and whose bucket lists it.
    private PingEntry[] _pings = new PingEntry[64];
    private int _pingHandles;
    private readonly Stack<int> _freePingHandles = new();

    private static List<int>[] NewPingWheel()
    {
        var wheel = new List<int>[PingSlices];
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
        if (_lastPingSlice >= slice)
            return;
        // The pings of a tick leave together when it returns: one build time stamps them all.
        long stamp = _time.GetTimestamp();
        while (_lastPingSlice < slice)
        {
            _lastPingSlice++;
            PingTurns(_pingWheel[(int)(_lastPingSlice % PingSlices)], stamp);
        }
    }

    /// <summary>
    /// An acknowledged agent (registered or re-registered) takes a fresh ping entry (no misses, no
    /// ping outstanding) in the emptiest of the half-interval of slices that just had their turn: its
    /// next turn comes between half an interval and one interval from now, and agents that arrive in
    /// a burst still spread over half the wheel.
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

        int handle;
        if (_freePingHandles.Count > 0)
        {
            handle = _freePingHandles.Pop();
        }
        else
        {
            if (_pingHandles == _pings.Length)
                Array.Resize(ref _pings, _pings.Length * 2);
            handle = _pingHandles++;
        }

        _pings[handle] = new PingEntry { Agent = agent, Peer = agent.Peer, Bucket = best };
        _pingWheel[best].Add(handle);
        _pingBucketSizes[best]++;
        agent.PingHandle = handle;
    }

    /// <summary>Room for <paramref name="agents"/> entries, so that as many joins copy no array.</summary>
    private void EnsurePingCapacity(int agents)
    {
        if (agents > _pings.Length)
            Array.Resize(ref _pings, agents);
    }

    private void LeavePingWheel(AgentRecord agent)
    {
        int handle = agent.PingHandle;
        if (handle < 0)
            return;
        int bucket = _pings[handle].Bucket;
        _pingWheel[bucket].Remove(handle);
        _pingBucketSizes[bucket]--;
        _pings[handle] = default;
        _freePingHandles.Push(handle);
        agent.PingHandle = -1;
    }

    /// <summary>The agent's connection broke: its turns count misses until it comes back or runs out of them.</summary>
    private void PingEntryDisconnected(AgentRecord agent)
    {
        if (agent.PingHandle < 0)
            return;
        ref PingEntry entry = ref _pings[agent.PingHandle];
        entry.Peer = -1;
        entry.PongPending = false;
    }

    /// <summary>How many turns in a row the agent missed (0 when it is not in the wheel).</summary>
    private int MissedPings(AgentRecord agent) => agent.PingHandle < 0 ? 0 : _pings[agent.PingHandle].Missed;

    /// <summary>
    /// One bucket's turn: a connected agent that did not answer its last ping, or a disconnected one,
    /// misses one more; past the budget it is unreachable, else a connected agent is pinged. Agents
    /// in the wheel are acknowledged (none awaits the registry) and connected or disconnected: an
    /// unreachable agent leaves the wheel, a recovered one joins it only when it re-registers.
    /// </summary>
    private void PingTurns(List<int> bucket, long stamp)
    {
        List<AgentRecord>? unreachable = null;
        PingEntry[] pings = _pings;
        foreach (int handle in bucket)
        {
            ref PingEntry entry = ref pings[handle];
            if (entry.Peer < 0 || entry.PongPending)
                entry.Missed++;
            if (entry.Missed >= _options.MaxAgentPingTimeouts)
            {
                (unreachable ??= []).Add(entry.Agent!);
                continue;
            }

            if (entry.Peer >= 0)
                SendPing(ref entry, handle, stamp);
        }

        if (unreachable is null)
            return;
        foreach (AgentRecord agent in unreachable)
            MarkUnreachable(agent, $"agent {agent.Id} missed {MissedPings(agent)} pings");
    }

    /// <summary>
    /// Pings start at (re)registration, as Mesos' SlaveObserver does, so the fifth missed turn
    /// comes at most one ping timeout × 5 after the agent went silent.
    /// </summary>
    private void SendPing(AgentRecord agent)
    {
        if (agent.PingHandle >= 0)
            SendPing(ref _pings[agent.PingHandle], agent.PingHandle, _time.GetTimestamp());
    }

    /// <summary>
    /// The ping's sequence is the agent's count of pings in its high half and the ping handle in its
    /// low half: the pong echoes it, so <see cref="OnPong"/> finds the entry without a lookup.
    /// </summary>
    private void SendPing(ref PingEntry entry, int handle, long stamp)
    {
        entry.PongPending = true;
        entry.Sequence = ((entry.Sequence >> 32) + 1) << 32 | (uint)handle;
        _outbox.Send(entry.Peer, new Ping(entry.Sequence, stamp));
    }

    /// <summary>The agent answered a ping: its miss count starts over (a late pong also cancels a pending unreachable transition).</summary>
    public void OnPong(int peer, in Pong pong)
    {
        // The pong of the last ping names its entry; any other pong from the agent's connection
        // (an older ping's, or one whose handle has since changed hands) is found through its peer.
        uint handle = (uint)pong.Sequence;
        if (handle < (uint)_pingHandles)
        {
            ref PingEntry entry = ref _pings[handle];
            if (entry.Agent is not null && entry.Peer == peer && entry.Sequence == pong.Sequence)
            {
                Answered(ref entry);
                return;
            }
        }

        if (_agentsByPeer.TryGetValue(peer, out AgentRecord? agent) && agent.PingHandle >= 0)
            Answered(ref _pings[agent.PingHandle]);
    }

    private static void Answered(ref PingEntry entry)
    {
        entry.Missed = 0;
        entry.PongPending = false;
    }
}
