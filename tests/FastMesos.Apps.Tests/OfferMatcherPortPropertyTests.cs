using CsCheck;
using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

/// <summary>
/// The matcher's host ports against a plain reference: instance by instance, its fixed ports
/// (each must be offered and still free), then each dynamic port the lowest free one in scan order
/// (the reserved pool's ranges, then the unreserved pool's). The matcher resumes its dynamic search
/// where the last one stopped and rolls that back with a failed instance; this checks the result is
/// the same as searching from the start every time.
/// </summary>
public sealed class OfferMatcherPortPropertyTests
{
    private static readonly Gen<(ulong[] Reserved, ulong[] Unreserved, ulong[] Wanted, int Limit)> Cases =
        Gen.Select(
            Gen.Int[0, 2].Array[0, 40],
            Gen.Int[0, 3].SelectMany(n => Gen.OneOf(Gen.Const(0), Gen.Int[0, 30]).Array[n]),
            Gen.Int[1, 25],
            (owner, wanted, limit) =>
            {
                // Port 31000 + i is in no pool (0), reserved (1) or unreserved (2): pools never overlap.
                var reserved = new List<ulong>();
                var unreserved = new List<ulong>();
                for (int i = 0; i < owner.Length; i++)
                {
                    if (owner[i] == 1)
                        reserved.Add(31000UL + (ulong)i);
                    else if (owner[i] == 2)
                        unreserved.Add(31000UL + (ulong)i);
                }
                ulong[] ports = Array.ConvertAll(wanted, w => w == 0 ? 0UL : 31000UL + (ulong)w - 1);
                return (reserved.ToArray(), unreserved.ToArray(), ports, limit);
            });

    [Fact]
    public void Host_ports_are_those_of_a_search_from_the_start_for_every_port()
    {
        // Sample runs cases on several threads at once, and a matcher is one thread's: one per case.
        Cases.Sample(c =>
        {
            var matcher = new OfferMatcher();
            // A fixed port asked twice by one instance can never fit; Marathon rejects such apps.
            if (c.Wanted.Where(p => p != 0).Distinct().Count() != c.Wanted.Count(p => p != 0))
                return;
            string resources = "cpus(web):1;cpus:100;mem:100000" + Ports("ports(web)", c.Reserved) + Ports("ports", c.Unreserved);
            Offer offer = MatchingFixtures.Offer("h", resources, role: "web");
            var req = new LaunchRequirements
            {
                Cpus = Scalar.FromDouble(0.1),
                Mem = Scalar.FromDouble(1),
                HostPorts = c.Wanted,
                Role = "web",
                MaxInstancesPerOffer = 100,
            };
            OfferMatch m = matcher.Match(offer, req, null, c.Limit);

            List<ulong[]> expected = Reference(c.Reserved, c.Unreserved, c.Wanted, c.Limit);
            Assert.Equal(expected.Count, m.Count);
            var actual = new ulong[c.Wanted.Length];
            for (int k = 0; k < m.Count; k++)
            {
                m.CopyHostPorts(k, actual);
                Assert.Equal(expected[k], actual);
                ValidateResources(m.BuildResources(k), expected[k], c.Reserved);
            }
        }, iter: 2000);
    }

    private static List<ulong[]> Reference(ulong[] reserved, ulong[] unreserved, ulong[] wanted, int limit)
    {
        ulong[] scan = [.. reserved, .. unreserved];
        var used = new HashSet<ulong>();
        var result = new List<ulong[]>();
        while (result.Count < limit)
        {
            var taken = new List<ulong>();
            var ports = new ulong[wanted.Length];
            bool fits = true;
            for (int j = 0; j < wanted.Length && fits; j++)
            {
                if (wanted[j] == 0)
                    continue;
                fits = Array.IndexOf(scan, wanted[j]) >= 0 && !used.Contains(wanted[j]);
                if (fits)
                {
                    used.Add(wanted[j]);
                    taken.Add(wanted[j]);
                    ports[j] = wanted[j];
                }
            }
            for (int j = 0; j < wanted.Length && fits; j++)
            {
                if (wanted[j] != 0)
                    continue;
                int free = Array.FindIndex(scan, p => !used.Contains(p));
                fits = free >= 0;
                if (fits)
                {
                    used.Add(scan[free]);
                    taken.Add(scan[free]);
                    ports[j] = scan[free];
                }
            }
            if (!fits)
            {
                used.ExceptWith(taken);
                break;
            }
            result.Add(ports);
        }
        return result;
    }

    // Each port is in the task's resources exactly once, under the pool it was offered in.
    private static void ValidateResources(Resources resources, ulong[] ports, ulong[] reserved)
    {
        var inResources = new List<(ulong Port, bool Reserved)>();
        foreach (Resource r in resources)
        {
            if (r.Name != "ports")
                continue;
            foreach (ValueRange range in r.Ranges)
            {
                for (ulong p = range.Begin; p <= range.End; p++)
                    inResources.Add((p, r.IsReserved));
            }
        }
        Assert.Equal(
            ports.Order().Select(p => (p, Array.IndexOf(reserved, p) >= 0)),
            inResources.OrderBy(x => x.Port));
    }

    private static string Ports(string name, ulong[] ports)
    {
        if (ports.Length == 0)
            return "";
        var ranges = new List<string>();
        for (int i = 0; i < ports.Length;)
        {
            int j = i;
            while (j + 1 < ports.Length && ports[j + 1] == ports[j] + 1)
                j++;
            ranges.Add($"{ports[i]}-{ports[j]}");
            i = j + 1;
        }
        return $";{name}:[{string.Join(",", ranges)}]";
    }
}
