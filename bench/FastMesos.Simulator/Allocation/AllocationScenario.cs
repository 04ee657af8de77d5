using FastMesos.Engine;
using FastMesos.Messages;

namespace FastMesos.Simulator.Allocation;

/// <summary>
/// Builds an allocator for an <see cref="AllocationScenarioSpec"/> and drives it into the measured
/// phase; then <see cref="Cycle"/> runs one allocation and <see cref="Reset"/> puts the cluster back
/// to the phase's steady state, so cycles can be repeated. Shared by the simulator front and the
/// BenchmarkDotNet benchmarks. The clock is a manual one: time only moves when the scenario says so.
/// </summary>
public sealed class AllocationScenario
{
    private readonly ManualClock _clock = new();
    private readonly int[] _frameworks;
    private long[] _offers = new long[1024];
    private int _outstanding;   // offers made since the last Reset, kept in _offers
    private int _suppressedFrom = int.MaxValue;   // frameworks from this index on are suppressed

    public AllocationScenario(AllocationScenarioSpec spec)
    {
        Spec = spec;
        Allocator = new Allocator(new AllocatorOptions { Seed = spec.Seed }, _clock);
        _frameworks = new int[spec.Frameworks];
    }

    public AllocationScenarioSpec Spec { get; }
    public Allocator Allocator { get; }

    /// <summary>Offers the last <see cref="Cycle"/> made.</summary>
    public int LastOffers { get; private set; }

    /// <summary>Stats of the last cycle.</summary>
    public AllocationRunStats LastStats { get; private set; }

    /// <summary>Stats of the last measured cycle (set by the runner, which also runs unmeasured ones).</summary>
    public AllocationRunStats MeasuredStats { get; set; }

    /// <summary>Cycles <see cref="Setup"/> ran to reach the phase (the declined phase needs one per framework).</summary>
    public int SetupCycles { get; private set; }

    /// <summary>Seconds <see cref="AddAgents"/> took.</summary>
    public double AddAgentsSeconds { get; private set; }

    /// <summary>Seconds adding the frameworks took.</summary>
    public double AddFrameworksSeconds { get; private set; }

    /// <summary>Registers roles, frameworks and agents, then drives the allocator into the phase.</summary>
    public void Setup()
    {
        AllocationScenarioSpec s = Spec;
        string[] roleNames = new string[s.Roles];
        for (int r = 0; r < s.Roles; r++)
            roleNames[r] = s.Roles == 1 && !s.Quota ? "*" : $"role{r}";
        if (s.Quota)
        {
            Resources small = Resources.Parse("cpus:1;mem:1024");
            Resources large = Resources.Parse("cpus:4;mem:4096");
            for (int r = 0; r < s.Roles; r++)
            {
                Resources q = r % 6 == 5 ? large : small;
                Allocator.SetQuota(roleNames[r], q, q);
            }
        }
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int f = 0; f < s.Frameworks; f++)
            _frameworks[f] = Allocator.AddFramework($"fw-{f}", [roleNames[f % s.Roles]]);
        AddFrameworksSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
        AddAgents();

        switch (s.Phase)
        {
            case AllocationPhase.Fresh:
                // Warm the pools: one cycle, then give everything back.
                Cycle();
                Reset();
                break;
            case AllocationPhase.Declined:
                DeclineUntilQuiet();
                break;
            case AllocationPhase.Suppressed:
                int keep = Math.Max(1, s.Frameworks / 100);
                _suppressedFrom = keep;
                for (int f = keep; f < s.Frameworks; f++)
                    Allocator.Suppress(_frameworks[f]);
                DeclineUntilQuiet();
                break;
        }
    }

    /// <summary>
    /// Adds the scenario's agents (timed: the "add 10k agents" figure). The same registrations run
    /// first on a throw-away allocator so the timed run measures optimized code, not the JIT's
    /// first tier (as BenchmarkDotNet's warm-up does).
    /// </summary>
    public void AddAgents()
    {
        Resources shape = Resources.Parse(Spec.AgentResources);
        var ids = new string[Spec.Agents];
        for (int a = 0; a < ids.Length; a++)
            ids[a] = $"agent-{a}";
        var warm = new Allocator(new AllocatorOptions { Seed = Spec.Seed }, _clock);
        warm.AddFramework("warm", ["*"]);
        for (int a = 0; a < ids.Length; a++)
            warm.AddAgent(ids[a], shape);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int a = 0; a < ids.Length; a++)
            Allocator.AddAgent(ids[a], shape);
        AddAgentsSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>One full allocation run over every agent (the periodic tick), keeping the offer ids it made.</summary>
    public int Cycle()
    {
        Allocator.RequestAllocation();
        LastStats = Allocator.RunAllocation();
        ReadOnlySpan<long> made = Allocator.LastOffers;
        if (_outstanding + made.Length > _offers.Length)
            Array.Resize(ref _offers, (_outstanding + made.Length) * 2);
        made.CopyTo(_offers.AsSpan(_outstanding));
        _outstanding += made.Length;
        LastOffers = made.Length;
        return made.Length;
    }

    /// <summary>
    /// Voids every agent's "fully filtered" shortcut, as an eligibility change does (a framework
    /// subscribing, a quota role freed), while the filters stay: the next cycle examines every
    /// (agent, framework) pair again. The cost of that cycle is the declined phase's cold figure.
    /// </summary>
    public void ForgetShortcuts() => Allocator.InvalidateBlockedAgents();

    /// <summary>Puts the cluster back into the phase's steady state: every offer made since the last reset is declined without a filter.</summary>
    public void Reset()
    {
        for (int i = 0; i < _outstanding; i++)
        {
            long id = _offers[i];
            Allocator.Decline(Allocator.OfferFramework(id), id, refuseSeconds: 0);
        }
        _outstanding = 0;
        LastOffers = 0;
    }

    /// <summary>
    /// Reaches "every unsuppressed framework has declined every agent with the longest filter". With
    /// many frameworks that takes one cycle per framework through real offers and declines, so the
    /// filters are installed directly (the same state: each refuses the agent's whole free set),
    /// and then real cycles decline whatever is left until a cycle makes no offer.
    /// </summary>
    private void DeclineUntilQuiet()
    {
        if (Spec.FastFilterSetup)
        {
            ReadOnlySpan<int> active = _frameworks.AsSpan(0, Math.Min(_frameworks.Length, _suppressedFrom));
            for (int a = 0; a < Spec.Agents; a++)
                Allocator.InstallDeclineFilters(a, active, ForeverSeconds);
        }
        DeclineRemaining();
    }

    private const double ForeverSeconds = 365 * 24 * 3600.0;

    private void DeclineRemaining()
    {
        while (Cycle() > 0)
        {
            SetupCycles++;
            for (int i = 0; i < _outstanding; i++)
            {
                long id = _offers[i];
                Allocator.Decline(Allocator.OfferFramework(id), id, ForeverSeconds);
            }
            _outstanding = 0;
        }
        _outstanding = 0;
    }
}
