using CsCheck;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Properties of the DRF order itself, checked against shares computed here from the offers
/// (not read from the engine): within one run the recipients' dominant shares never decrease, at
/// the role level (weighted) and inside each role; and frameworks of equal standing on equal agents
/// end a run within one agent's share of each other.
/// </summary>
public class DrfPropertyTests
{
    internal readonly record struct Setup(int[] FrameworkRoles, int[] RoleWeights, (int Cpus, int Mem)[] Agents, int[] Usage);

    private static readonly Gen<Setup> GenSetup =
        from frameworks in Gen.Int[0, 2].Array[2, 6]
        from weights in Gen.Int[1, 3].Array[3]
        from agents in Gen.Select(Gen.Int[1, 8], Gen.Int[1, 16]).Array[1, 14]
        from usage in Gen.Int[0, 4].Array[6]
        select new Setup(frameworks, weights, agents, usage);

    private static readonly string[] RoleNames = ["r0", "r1", "r2"];

    [Fact]
    public void Recipient_shares_never_decrease_within_a_run()
    {
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var pcg = new PCG(11, seed);
            ulong state = pcg.State;
            Setup setup = GenSetup.Generate(pcg, null, out _);
            try
            {
                CheckMonotone(setup);
            }
            catch (Exception e) when (e is not CsCheckException)
            {
                GenSetup.Sample(CheckMonotone, seed: pcg.ToString(state), iter: 3000, threads: 1, print: Print);
                throw new InvalidOperationException($"seed {seed} failed but did not reproduce: {Print(setup)}", e);
            }
        }
    }

    private static string Print(Setup s) =>
        $"frameworks in roles [{string.Join(",", s.FrameworkRoles)}], weights [{string.Join(",", s.RoleWeights)}], " +
        $"agents [{string.Join(" ", s.Agents)}], usage [{string.Join(",", s.Usage)}]";

    private static void CheckMonotone(Setup setup)
    {
        var h = new EngineHarness();
        for (int r = 0; r < RoleNames.Length; r++)
            h.Allocator.SetWeight(RoleNames[r], setup.RoleWeights[r]);
        var fws = new List<(int Slot, string Role)>();
        for (int i = 0; i < setup.FrameworkRoles.Length; i++)
        {
            string role = RoleNames[setup.FrameworkRoles[i]];
            fws.Add((h.Framework($"fw{i}", role), role));
        }
        double totalCpus = 0, totalMem = 0;
        for (int i = 0; i < setup.Agents.Length; i++)
        {
            h.Agent($"agent{i}", $"cpus:{setup.Agents[i].Cpus};mem:{setup.Agents[i].Mem * 256}");
            totalCpus += setup.Agents[i].Cpus;
            totalMem += setup.Agents[i].Mem * 256;
        }

        // Run 1 gives every framework some standing: each launches a quarter-multiple of its offers.
        int task = 0;
        foreach (OfferInfo o in h.Allocate())
        {
            int fwIndex = fws.FindIndex(f => f.Slot == o.Framework);
            double fraction = setup.Usage[fwIndex] / 4.0;
            double cpus = Math.Round(o.Resources.Cpus * fraction, 3), mem = Math.Round(o.Resources.Mem * fraction, 3);
            if (cpus > 0 && mem > 0)
                h.Launch(o.Framework, o, ($"t{task++}", $"cpus:{cpus};mem:{mem}"));
            else
                h.Decline(o.Framework, o, 0);
        }

        // What each framework holds before run 2: its tasks only (every offer was answered).
        var cpusHeld = new Dictionary<int, double>();
        var memHeld = new Dictionary<int, double>();
        foreach ((int slot, string role) in fws)
        {
            cpusHeld[slot] = h.Allocator.FrameworkAllocated(slot, role, "cpus");
            memHeld[slot] = h.Allocator.FrameworkAllocated(slot, role, "mem");
        }
        double Share(double cpus, double mem) => Math.Max(cpus / totalCpus, mem / totalMem);
        double FrameworkShare(int slot) => Share(cpusHeld[slot], memHeld[slot]);
        double RoleShare(string role)
        {
            double c = 0, m = 0;
            foreach ((int slot, string r) in fws)
            {
                if (r == role)
                {
                    c += cpusHeld[slot];
                    m += memHeld[slot];
                }
            }
            return Share(c, m) / setup.RoleWeights[Array.IndexOf(RoleNames, role)];
        }

        // Run 2: every framework may take every agent (no filters, reservations or GPUs), so each
        // offer goes to the lowest role and, inside it, the lowest framework. Shares only grow
        // during a run, so the shares at receipt never go down.
        int offerable = 0;
        foreach (Resources free in h.FreeByAgent().Values)
        {
            if (free.Cpus >= 0.01 || free.Mem >= 32)
                offerable++;
        }
        h.Allocator.RequestAllocation();
        List<OfferInfo> offers = h.Allocate();
        double lastRole = -1;
        var lastInRole = new Dictionary<string, double>();
        foreach (OfferInfo o in offers)
        {
            double roleShare = RoleShare(o.Role);
            double fwShare = FrameworkShare(o.Framework);
            Assert.True(roleShare >= lastRole - 1e-9, $"role {o.Role} got an agent at share {roleShare} after a role at {lastRole}");
            if (lastInRole.TryGetValue(o.Role, out double previous))
                Assert.True(fwShare >= previous - 1e-9, $"fw{o.Framework} got an agent at share {fwShare} after one at {previous} in {o.Role}");

            // Every other framework with a lower share must be in a role with a higher weighted share.
            foreach ((int slot, string role) in fws)
            {
                if (role == o.Role)
                    Assert.True(FrameworkShare(slot) >= fwShare - 1e-9, $"fw{slot} at {FrameworkShare(slot)} was passed over for fw{o.Framework} at {fwShare}");
                else
                    Assert.True(RoleShare(role) >= roleShare - 1e-9, $"role {role} at {RoleShare(role)} was passed over for {o.Role} at {roleShare}");
            }
            lastRole = roleShare;
            lastInRole[o.Role] = fwShare;
            cpusHeld[o.Framework] += o.Resources.Cpus;
            memHeld[o.Framework] += o.Resources.Mem;
        }
        Assert.Equal(offerable, offers.Count);
    }

    [Fact]
    public void Frameworks_of_one_role_on_equal_agents_end_within_one_agent_of_each_other()
    {
        for (int frameworks = 2; frameworks <= 5; frameworks++)
        {
            for (int agents = frameworks; agents <= 24; agents += 5)
            {
                var h = new EngineHarness();
                var slots = new List<int>();
                for (int i = 0; i < frameworks; i++)
                    slots.Add(h.Framework($"fw{i}", "web"));
                for (int i = 0; i < agents; i++)
                    h.Agent($"agent{i}", "cpus:2;mem:2048");
                h.Allocate();

                // One agent is a share of 1/agents; equal weights converge to equal shares.
                double min = double.MaxValue, max = 0;
                foreach (int fw in slots)
                {
                    double share = h.Allocator.FrameworkShare(fw, "web");
                    min = Math.Min(min, share);
                    max = Math.Max(max, share);
                }
                Assert.True(max - min <= 1.0 / agents + 1e-9, $"{frameworks} frameworks, {agents} agents: shares from {min} to {max}");
            }
        }
    }
}
