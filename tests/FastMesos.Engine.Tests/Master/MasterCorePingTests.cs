using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>The ping wheel: pings spread over the interval, one turn per agent per interval, none skipped (specs/mesos.md §1.3).</summary>
public sealed class MasterCorePingTests
{
    private const int AgentCount = 100;

    private static MasterHarness WithAgents(TimeSpan pingInterval)
    {
        var h = new MasterHarness(new MasterOptions { MasterId = MasterHarness.MasterId, AgentPingTimeout = pingInterval });
        for (int peer = 1; peer <= AgentCount; peer++)
            h.Agent(peer);
        h.Out.Clear();   // the pings sent at registration
        return h;
    }

    /// <summary>Advances the clock by <paramref name="by"/> in one step, ticks, and answers every ping sent; returns how many there were per peer.</summary>
    private static int[] StepAndPong(MasterHarness h, TimeSpan by)
    {
        h.Clock.Advance(by);
        h.Core.Tick();
        var perPeer = new int[AgentCount + 1];
        foreach ((int peer, object message) in h.Out.Sent)
        {
            if (message is Ping ping)
            {
                perPeer[peer]++;
                h.Core.OnPong(peer, new Pong(ping.Sequence, ping.Timestamp));
            }
        }

        h.Out.Clear();
        return perPeer;
    }

    [Fact]
    public void Pings_are_spread_over_the_interval_and_each_agent_is_pinged_exactly_once_per_interval()
    {
        // 100 agents registering at once, then 6 s in ticks of one slice (2 ms: 1 s / PingSlices).
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        var lastPingMs = new int[AgentCount + 1];
        var turns = new int[AgentCount + 1];
        const int SliceMs = 1000 / MasterCore.PingSlices;
        for (int step = 1; step <= 6000 / SliceMs; step++)
        {
            int nowMs = step * SliceMs;
            int[] sent = StepAndPong(h, TimeSpan.FromMilliseconds(SliceMs));
            int inStep = 0;
            for (int peer = 1; peer <= AgentCount; peer++)
            {
                if (sent[peer] == 0)
                    continue;
                Assert.Equal(1, sent[peer]);
                if (turns[peer] == 0)
                    Assert.InRange(nowMs, 500, 1000);   // the first turn: half an interval to one interval after registering
                else
                    Assert.Equal(1000, nowMs - lastPingMs[peer]);
                lastPingMs[peer] = nowMs;
                turns[peer]++;
                inStep += sent[peer];
            }

            // The burst of registrations spread over half the wheel (250 slices): one agent a slice, never the 100 at once.
            Assert.InRange(inStep, 0, (AgentCount + MasterCore.PingSlices / 2 - 1) / (MasterCore.PingSlices / 2));
        }

        for (int peer = 1; peer <= AgentCount; peer++)
            Assert.Equal(6, turns[peer]);
        foreach (AgentRecord agent in h.Core.Agents)
            Assert.Equal(AgentState.Connected, agent.State);
    }

    [Fact]
    public void A_tick_builds_its_pings_after_its_allocation_run()
    {
        // Each ping carries the time it was built and the host sends the tick's pings when the tick
        // returns: built before the allocation run, they would wait for it (milliseconds at 10,000
        // agents under a launch flood) and the agents would measure that wait as ping latency.
        var h = new MasterHarness(new MasterOptions { MasterId = MasterHarness.MasterId, AgentPingTimeout = TimeSpan.FromSeconds(1) });
        h.Framework(100);
        for (int peer = 1; peer <= AgentCount; peer++)
            h.Agent(peer);
        h.Out.Clear();

        h.Clock.Advance(TimeSpan.FromSeconds(1));   // every agent's first turn, and the periodic allocation
        h.Core.Tick();

        List<(int Peer, object Message)> sent = h.Out.Sent;
        int lastOffer = sent.FindLastIndex(static e => e.Message is OffersEvent);
        int firstPing = sent.FindIndex(static e => e.Message is Ping);
        Assert.True(lastOffer >= 0, "the tick's allocation run made no offer");
        Assert.True(firstPing >= 0, "the tick pinged no agent");
        Assert.True(firstPing > lastOffer, $"a ping (#{firstPing}) was built before the allocation's last offer (#{lastOffer})");
    }

    [Fact]
    public void Ticks_that_fire_a_little_early_skip_no_round()
    {
        // The host ticks once per ping interval and its timer fires 1 ms early each time: a round
        // that waited for a full interval since the last tick would come only every other tick.
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        var perAgent = new int[AgentCount + 1];
        for (int step = 0; step < 20; step++)
        {
            int[] sent = StepAndPong(h, TimeSpan.FromMilliseconds(999));
            for (int peer = 1; peer <= AgentCount; peer++)
                perAgent[peer] += sent[peer];
        }

        // 19.98 s: every agent had a turn every second (19 or 20 of them, by its slice), none skipped.
        for (int peer = 1; peer <= AgentCount; peer++)
            Assert.InRange(perAgent[peer], 19, 20);
    }

    [Fact]
    public void A_silent_agent_is_unreachable_after_its_missed_turns_while_the_others_stay()
    {
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        const int SilentPeer = 37;
        string silent = $"{MasterHarness.MasterId}-S{SilentPeer - 1}";   // agents are numbered from 0 in registration order
        Assert.NotNull(h.Core.FindAgent(silent));
        for (int step = 0; step < 600; step++)
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(10));
            h.Core.Tick();
            foreach ((int peer, object message) in h.Out.Sent)
            {
                if (message is Ping ping && peer != SilentPeer)
                    h.Core.OnPong(peer, new Pong(ping.Sequence, ping.Timestamp));
            }

            h.Out.Sent.Clear();
        }

        // Registration pinged it at 0; its turns at ≈ 1, 2, 3, 4, 5 s each count a miss: unreachable by 6 s.
        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(silent)!.State);
        Assert.Contains(h.Out.Closed, c => c.Peer == SilentPeer);
        Assert.Equal(AgentCount - 1, h.Core.ConnectedAgentCount);
    }

    /// <summary>
    /// Ticks every 10 ms for <paramref name="by"/>; each ping to a peer is answered with its own
    /// sequence on the connection <paramref name="answerOn"/> names for that peer (null: not answered).
    /// </summary>
    private static void Run(MasterHarness h, TimeSpan by, Func<int, int?> answerOn)
    {
        for (var t = TimeSpan.Zero; t < by; t += TimeSpan.FromMilliseconds(10))
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(10));
            h.Core.Tick();
            foreach ((int peer, object message) in h.Out.Sent)
            {
                if (message is Ping ping && answerOn(peer) is int on)
                    h.Core.OnPong(on, new Pong(ping.Sequence, ping.Timestamp));
            }

            h.Out.Sent.Clear();
        }
    }

    [Fact]
    public void A_pong_to_an_older_ping_still_counts_and_a_pong_from_another_connection_does_not()
    {
        // The pong of the last ping finds its entry by the sequence; a late one (the ping before) by
        // the agent's connection. A sequence copied onto another connection names nothing of its own.
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        const int Late = 5, Forger = 6;
        string late = $"{MasterHarness.MasterId}-S{Late - 1}";
        string forged = $"{MasterHarness.MasterId}-S{Forger - 1}";
        var pings = new Dictionary<int, List<Ping>>();
        for (int step = 0; step < 1000; step++)
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(10));
            h.Core.Tick();
            foreach ((int peer, object message) in h.Out.Sent)
            {
                if (message is not Ping ping)
                    continue;
                if (!pings.TryGetValue(peer, out List<Ping>? list))
                    pings[peer] = list = [];
                list.Add(ping);
                if (peer == Late && list.Count >= 2)
                    h.Core.OnPong(peer, new Pong(list[^2].Sequence, list[^2].Timestamp));   // always one ping behind
                else if (peer == Forger)
                    h.Core.OnPong(Late, new Pong(ping.Sequence, ping.Timestamp));   // its pongs arrive on another agent's connection
                else if (peer != Late)
                    h.Core.OnPong(peer, new Pong(ping.Sequence, ping.Timestamp));
            }

            h.Out.Sent.Clear();
        }

        // 10 s: the agent one ping behind never missed two turns in a row; the one whose pongs came
        // from elsewhere missed five and is unreachable.
        Assert.Equal(AgentState.Connected, h.Core.FindAgent(late)!.State);
        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(forged)!.State);
        Assert.Equal(AgentCount - 1, h.Core.ConnectedAgentCount);
    }

    [Fact]
    public void An_entry_freed_by_an_unreachable_agent_serves_the_next_one_and_the_old_pongs_do_not_reach_it()
    {
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        const int Silent = 9;
        int freed = h.Core.FindAgent($"{MasterHarness.MasterId}-S{Silent - 1}")!.PingHandle;
        Run(h, TimeSpan.FromSeconds(7), peer => peer == Silent ? null : peer);
        Assert.Equal(AgentCount - 1, h.Core.ConnectedAgentCount);

        // A new agent takes the freed entry. The unreachable agent's connection is gone; pongs
        // naming the entry, from that connection, must not count for the newcomer, whose own
        // silence makes it unreachable in turn.
        const int Newcomer = AgentCount + 1;
        string newcomer = h.Agent(Newcomer);
        Assert.Equal(freed, h.Core.FindAgent(newcomer)!.PingHandle);
        Run(h, TimeSpan.FromSeconds(7), peer => peer switch
        {
            Newcomer => Silent,
            Silent => null,
            _ => peer,
        });

        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(newcomer)!.State);
        Assert.Equal(-1, h.Core.FindAgent(newcomer)!.PingHandle);
        Assert.Equal(AgentCount - 1, h.Core.ConnectedAgentCount);
    }

    [Fact]
    public void An_agent_that_reconnects_starts_with_no_misses()
    {
        // Disconnected, an agent misses a turn each second; re-registered before its fifth, it
        // starts over: five more silent turns, not one, make it unreachable.
        MasterHarness h = WithAgents(TimeSpan.FromSeconds(1));
        const int Flaky = 12;
        string flaky = $"{MasterHarness.MasterId}-S{Flaky - 1}";
        Run(h, TimeSpan.FromSeconds(2), static peer => peer);
        h.Core.OnAgentDisconnected(Flaky);
        Run(h, TimeSpan.FromSeconds(4), static peer => peer == Flaky ? null : peer);   // four turns missed
        Assert.Equal(AgentState.Disconnected, h.Core.FindAgent(flaky)!.State);

        const int Back = AgentCount + 1;
        h.Core.OnReregisterAgent(Back, new ReregisterAgent
        {
            Agent = new AgentInfo { Id = new AgentId(flaky), Hostname = "host", Resources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000]") },
            Version = "test",
        }, "127.0.0.1");
        Assert.Single(h.Out.Take<AgentReregistered>(Back));
        Run(h, TimeSpan.FromSeconds(3), static peer => peer == Back ? null : peer);   // three silent turns on the new connection
        Assert.Equal(AgentState.Connected, h.Core.FindAgent(flaky)!.State);
        Run(h, TimeSpan.FromSeconds(3), static peer => peer == Back ? null : peer);
        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(flaky)!.State);
    }
}
