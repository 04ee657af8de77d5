using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Engine.Tests;

/// <summary>
/// An allocator on a fake clock with helpers that speak in ids and resource text, and that check the
/// engine's invariants after every step (Nomad's scheduler harness, Mesos' allocator test base).
/// </summary>
internal sealed class EngineHarness
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public Allocator Allocator { get; }

    public EngineHarness(AllocatorOptions? options = null) => Allocator = new Allocator(options, Clock);

    /// <summary>Parses resource text (shorthand for <see cref="Resources.Parse"/>).</summary>
    public static Resources R(string text) => Resources.Parse(text);

    public int Agent(string id, string resources) => Allocator.AddAgent(id, Resources.Parse(resources));

    public int Framework(string id, params string[] roles) =>
        Allocator.AddFramework(id, roles.Length == 0 ? ["*"] : roles);

    public int Framework(string id, FrameworkCapabilities capabilities, params string[] roles) =>
        Allocator.AddFramework(id, roles.Length == 0 ? ["*"] : roles, capabilities);

    /// <summary>Runs one allocation and returns the offers it made, audited.</summary>
    public List<OfferInfo> Allocate()
    {
        Allocator.RunAllocation();
        var offers = new List<OfferInfo>();
        foreach (long id in Allocator.LastOffers)
            offers.Add(Allocator.GetOffer(id));
        AssertConsistent();
        return offers;
    }

    /// <summary>The periodic <c>allocation_interval</c> run: every agent is a candidate.</summary>
    public List<OfferInfo> Tick()
    {
        Allocator.RequestAllocation();
        return Allocate();
    }

    /// <summary>
    /// The ledger slot holding task <paramref name="taskId"/> of <paramref name="fw"/>, or -1. The
    /// ledger keeps tasks by slot (the master keeps them by id), so the harness finds one by looking
    /// at every slot: fine for a test's few tasks.
    /// </summary>
    public int TaskSlot(int fw, string taskId)
    {
        for (int t = 0; t < Allocator.TaskSlotCount; t++)
        {
            if (Allocator.HoldsTask(t, fw, taskId))
                return t;
        }

        return -1;
    }

    /// <summary>Whether the ledger holds task <paramref name="taskId"/> of <paramref name="fw"/>.</summary>
    public bool HasTask(int fw, string taskId) => TaskSlot(fw, taskId) >= 0;

    /// <summary><see cref="Allocator.UpdateTaskState"/> for the task of that framework and id; false when the ledger holds none.</summary>
    public bool UpdateTaskState(int fw, string taskId, TaskState state) => Allocator.UpdateTaskState(TaskSlot(fw, taskId), fw, taskId, state);

    public void AssertConsistent()
    {
        List<string> problems = Allocator.Audit();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public AcceptResult Launch(int fw, OfferInfo offer, params (string Id, string Resources)[] tasks) =>
        LaunchWithRefuse(fw, offer, 0, tasks);

    /// <summary>Launches tasks from one offer; what is left returns filtered for <paramref name="refuseSeconds"/>.</summary>
    public AcceptResult LaunchWithRefuse(int fw, OfferInfo offer, double? refuseSeconds, params (string Id, string Resources)[] tasks)
    {
        var launches = new TaskLaunch[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
            launches[i] = new TaskLaunch(tasks[i].Id, Resources.Parse(tasks[i].Resources));
        AcceptResult r = Allocator.Accept(fw, [offer.OfferId], [OfferOperation.Launch(launches)], refuseSeconds);
        AssertConsistent();
        return r;
    }

    /// <summary>Applies one non-launch operation (RESERVE, CREATE, ...) to an offer and asserts it applied.</summary>
    public void Apply(int fw, OfferInfo offer, OfferOperation operation, double? refuseSeconds = 0)
    {
        AcceptResult r = Allocator.Accept(fw, [offer.OfferId], [operation], refuseSeconds);
        Assert.True(r.OffersValid, r.Error);
        OperationOutcome outcome = Assert.Single(r.Operations);
        Assert.True(outcome.Applied, outcome.Message);
        AssertConsistent();
    }

    public void Decline(int fw, OfferInfo offer, double? refuseSeconds)
    {
        Assert.True(Allocator.Decline(fw, offer.OfferId, refuseSeconds));
        AssertConsistent();
    }

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public void AdvanceSeconds(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    /// <summary>Everything an agent has free, per agent slot: the "nothing changed" witness of a refused call.</summary>
    public Dictionary<int, Resources> FreeByAgent()
    {
        var free = new Dictionary<int, Resources>();
        for (int a = 0; a < Allocator.AgentSlotLimit; a++)
        {
            if (Allocator.IsAgent(a))
                free[a] = Allocator.FreeResources(a);
        }
        return free;
    }

    /// <summary>Sum of one scalar over a list of offers.</summary>
    public static double Sum(IEnumerable<OfferInfo> offers, string resource)
    {
        double total = 0;
        foreach (OfferInfo o in offers)
            total += o.Resources.Scalar(resource).Value;
        return total;
    }
}
