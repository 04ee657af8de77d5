using System.Text;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>Drives one allocator through a sequence of steps and checks the invariants after each.</summary>
internal sealed class AllocatorSimulation
{
    /// <summary>One event: the opcode picks the kind, A, B and C pick its arguments.</summary>
    public readonly record struct Step(int Op, int A, int B, int C)
    {
        public override string ToString() => $"({Op},{A},{B},{C})";
    }

    /// <summary>What the sequences exercised, so a generator that drifts into trivial cases is noticed.</summary>
    public sealed class Coverage
    {
        public int Offers, Launched, RefusedTasks, AppliedOperations, InvalidAccepts, LimitedRuns, Filters, RemovedAgentsWithTasks,
            WorkConservingChecks, MergedAccepts;
        public override string ToString() =>
            $"offers {Offers}, launched {Launched}, refused tasks {RefusedTasks}, operations {AppliedOperations}, invalid accepts {InvalidAccepts}, " +
            $"runs under a limit {LimitedRuns}, filtering declines {Filters}, agents removed with tasks {RemovedAgentsWithTasks}, " +
            $"work-conserving checks {WorkConservingChecks}, merged accepts {MergedAccepts}";
    }

    private static readonly string[] RolePool = ["*", "a", "b", "a/x", "c/y"];
    private static readonly string[] ReservedRoles = ["a", "b", "a/x", "c"];
    private static readonly string[] QuotaRoles = ["a", "b", "c"];
    private static readonly double?[] Refusals = [null, -1, 0, 0, 0.5, 5, 30];

    private readonly EngineHarness _h;
    private readonly Allocator _al;
    private readonly List<int> _agents = [];
    private readonly List<(int Slot, string[] Roles, FrameworkCapabilities Caps)> _frameworks = [];
    private readonly List<(int Fw, string Id, int Slot)> _tasks = [];   // the ledger's handles of the tasks launched and not ended
    private readonly List<long> _offers = [];
    private readonly Dictionary<string, Resources> _limits = [];
    private readonly StringBuilder _log = new();
    private readonly Coverage _coverage;
    private readonly HashSet<int> _activeFrameworks = [];
    private readonly HashSet<string> _guaranteed = [];

    // The filter model: what each (framework, role, agent) refused and until when. A DECLINE
    // replaces the entry (the engine keeps one filter per subscription and agent); the leftover
    // of an ACCEPT is not known here, so it adds an entry that only ever excuses a missing offer.
    private readonly Dictionary<(int Fw, string Role, int Agent), List<(Resources? Refused, DateTimeOffset Expiry)>> _filterModel = [];
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1);
    private int _nextAgent, _nextFramework, _nextTask;

    public AllocatorSimulation(int config, Coverage? coverage = null)
    {
        _coverage = coverage ?? new Coverage();
        var options = new AllocatorOptions
        {
            RoleSorter = (config & 1) != 0 ? SorterKind.Random : SorterKind.Drf,
            FrameworkSorter = (config & 2) != 0 ? SorterKind.Random : SorterKind.Drf,
            OfferTimeout = (config & 4) != 0 ? TimeSpan.FromSeconds(10) : null,
            MaxOffersPerFramework = (config & 8) != 0 ? 2 : 0,
            Seed = (ulong)config + 1,
        };
        _h = new EngineHarness(options);
        _al = _h.Allocator;
    }

    public void Run(Step[] steps)
    {
        for (int i = 0; i < steps.Length; i++)
        {
            Step s = steps[i];
            try
            {
                Apply(s);
                List<string> problems = _al.Audit();
                if (problems.Count > 0)
                    throw new InvalidOperationException("audit: " + string.Join("; ", problems));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"step {i} {s} failed: {e.Message}\nlog:\n{_log}", e);
            }
        }
    }

    private void Log(string line) => _log.AppendLine(line);

    private void Apply(Step s)
    {
        switch (s.Op)
        {
            case < 12: AddAgent(s); break;
            case < 20: AddFramework(s); break;
            case < 35: RunAllocation(s); break;
            case < 50: AcceptValid(s); break;
            case < 55: AcceptInvalid(s); break;
            case < 63: Decline(s); break;
            case < 71: FinishTask(s); break;
            case < 74: RemoveAgent(s); break;
            case < 76: RemoveFramework(s); break;
            case < 79: Suppress(s); break;
            case < 82: Revive(s); break;
            case < 84: ExpireEverything(); break;
            case < 87: _h.Advance(TimeSpan.FromMilliseconds(s.A * 20)); Log($"advance {s.A * 20} ms"); break;
            case < 90: SetQuota(s); break;
            case < 92: SetWeight(s); break;
            case < 94: ToggleAgent(s); break;
            case < 96: ToggleFramework(s); break;
            case < 98: UpdateAgent(s); break;
            default: Rescind(s); break;
        }
    }

    private void AddAgent(Step s)
    {
        var text = new StringBuilder($"cpus:{1 + s.A % 8};mem:{256 * (1 + s.B % 16)}");
        int port = 31000 + s.C % 20;
        text.Append($";ports:[{port}-{port + s.A % 5}]");
        if (s.B % 10 == 0)
            text.Append(";gpus:1");
        if (s.C % 3 == 0)
        {
            string role = ReservedRoles[(s.A / 8) % ReservedRoles.Length];
            text.Append($";cpus({role}):1;mem({role}):256;disk({role}):{100 * (1 + s.B % 4)}");
            if (s.C % 2 == 0)
                text.Append($";ports({role}):[{40000 + s.A % 10}-{40000 + s.A % 10}]");
        }
        string id = $"agent{_nextAgent++}";
        int slot = _h.Agent(id, text.ToString());
        _agents.Add(slot);
        Log($"add {id}={slot} {text}");
    }

    private void AddFramework(Step s)
    {
        var roles = new List<string>();
        for (int i = 0; i < RolePool.Length; i++)
        {
            if ((s.A >> i & 1) != 0)
                roles.Add(RolePool[i]);
        }
        if (roles.Count == 0)
            roles.Add(RolePool[s.B % RolePool.Length]);
        FrameworkCapabilities caps = FrameworkCapabilities.MultiRole;
        if (s.B % 3 == 0)
            caps |= FrameworkCapabilities.GpuResources;
        if (s.C % 2 == 0)
            caps |= FrameworkCapabilities.PartitionAware;
        string id = $"fw{_nextFramework++}";
        int slot = _al.AddFramework(id, roles, caps);
        _frameworks.Add((slot, [.. roles], caps));
        _activeFrameworks.Add(slot);
        Log($"framework {id}={slot} [{string.Join(",", roles)}] {caps}");
    }

    private void RunAllocation(Step s)
    {
        bool full = s.A % 2 == 0;
        if (full)
            _al.RequestAllocation();
        DateTimeOffset now = _h.Clock.GetUtcNow();
        Dictionary<string, (double Cpus, double Mem)> before = QuotaConsumption();
        _al.RunAllocation();
        var seen = new HashSet<(int Agent, string Role)>();
        foreach (long id in _al.LastOffers)
        {
            OfferInfo o = _al.GetOffer(id);
            _offers.Add(id);
            _coverage.Offers++;
            Log($"offer {id} fw{o.Framework} agent{o.Agent} {o.Role} {o.Resources}");
            if (!seen.Add((o.Agent, o.Role)))
                throw new InvalidOperationException($"agent {o.Agent} offered twice to role {o.Role} in one run");
            var fw = _frameworks.Find(f => f.Slot == o.Framework);
            if (Array.IndexOf(fw.Roles, o.Role) < 0)
                throw new InvalidOperationException($"offer {id} for role {o.Role}, which fw{o.Framework} is not subscribed to");
            if (o.Resources.Scalar("gpus").Milli > 0 && (fw.Caps & FrameworkCapabilities.GpuResources) == 0)
                throw new InvalidOperationException($"offer {id} gives gpus to a framework without GPU_RESOURCES");
            foreach (Resource r in o.Resources.Reserved())
            {
                if (!RoleName.IsSameOrDescendant(o.Role, r.Role))
                    throw new InvalidOperationException($"offer {id} for role {o.Role} holds {r}");
            }
            bool reservedRanges = false;
            foreach (Resource r in o.Resources.Reserved())
                reservedRanges |= r.Type != ResourceType.Scalar;
            if (o.Resources.Cpus < 0.01 && o.Resources.Mem < 32 && !reservedRanges)
                throw new InvalidOperationException($"offer {id} is below min_allocatable: {o.Resources}");
            if (_filterModel.TryGetValue((o.Framework, o.Role, o.Agent), out var filters)
                && filters[^1] is { Refused: { } refused } last && last.Expiry > now + Margin && refused.Contains(o.Resources))
                throw new InvalidOperationException($"offer {id} is within what fw{o.Framework} refused until {last.Expiry:HH:mm:ss.fff}: {refused}");
        }
        Dictionary<string, (double Cpus, double Mem)> after = QuotaConsumption();
        if (_limits.Count > 0 && _al.LastOffers.Length > 0)
            _coverage.LimitedRuns++;
        foreach ((string role, Resources limit) in _limits)
        {
            CheckLimit(role, "cpus", limit, before[role].Cpus, after[role].Cpus);
            CheckLimit(role, "mem", limit, before[role].Mem, after[role].Mem);
        }
        if (full)
            CheckWorkConserving(now);
    }

    /// <summary>Records the filter a DECLINE (known refused set) or an ACCEPT (unknown leftover) leaves.</summary>
    private void ModelFilter(int fw, string role, int agent, Resources? refused, double? refuse)
    {
        double seconds = refuse is not { } given || !(given >= 0) ? 5 : given;
        if (seconds <= 0)
            return;
        seconds = Math.Max(Math.Min(seconds, 365 * 86400.0), _al.Options.AllocationInterval.TotalSeconds);
        var entry = (refused, _h.Clock.GetUtcNow() + TimeSpan.FromSeconds(seconds));
        if (refused is not null || !_filterModel.TryGetValue((fw, role, agent), out var list))
            _filterModel[(fw, role, agent)] = [entry];
        else
            list.Add(entry);
    }

    private void ForgetFilters(Func<(int Fw, string Role, int Agent), bool> match)
    {
        foreach (var key in _filterModel.Keys.ToList())
        {
            if (match(key))
                _filterModel.Remove(key);
        }
    }

    private static void CheckLimit(string role, string kind, Resources limit, double before, double after)
    {
        bool limited = false;
        foreach (Resource r in limit)
            limited |= r.Name == kind;
        double cap = limited ? limit.Scalar(kind).Value : double.MaxValue;
        if (after > cap + 1e-9 && after > before + 1e-9)
            throw new InvalidOperationException($"role {role} grew its {kind} consumption from {before} to {after} past its limit {cap}");
    }

    /// <summary>Quota consumption (reservations + unreserved allocation) of each limited role, read through internals.</summary>
    private Dictionary<string, (double, double)> QuotaConsumption()
    {
        var result = new Dictionary<string, (double, double)>();
        foreach (string role in _limits.Keys)
            result[role] = (Consumed(role, "cpus"), Consumed(role, "mem"));
        return result;
    }

    private double Consumed(string role, string resource)
    {
        RoleTree roles = _al.Roles;
        if (!roles.TryGet(role, out int node) || !_al.Kinds.TryGetScalar(resource, out int kind))
            return 0;
        int stride = roles.Alloc.Length / roles.Name.Length;
        long milli = roles.Reserved[node * stride + kind] + roles.AllocUnreserved[node * stride + kind];
        return milli / (double)Scalar.Scale;
    }

    private List<long> Outstanding()
    {
        _offers.RemoveAll(id => !_al.IsOutstanding(id));
        return _offers;
    }

    private void AcceptValid(Step s)
    {
        List<long> offers = Outstanding();
        if (offers.Count == 0)
            return;
        OfferInfo o = _al.GetOffer(offers[s.A % offers.Count]);
        var ops = new List<OfferOperation>();
        int kind = s.B % 10;
        if (kind < 6)
        {
            var tasks = new List<TaskLaunch>();
            for (int i = 0; i < 1 + s.C % 3; i++)
                tasks.Add(MakeTask(o, s.B / 10 + 7 * i, s.C / 3 + i));
            ops.Add(kind < 5 ? OfferOperation.Launch([.. tasks]) : OfferOperation.LaunchGroup([.. tasks]));
        }
        else if (kind < 8 && o.Role != "*")
        {
            double cpus = Math.Round(o.Resources.Unreserved().Cpus * (s.C % 4) / 3, 3);
            Resources reserve = Resources.From(Resource.CreateScalar("cpus", Scalar.FromDouble(cpus), o.Role, ReservationType.Dynamic, "p"));
            ops.Add(OfferOperation.Reserve(reserve.IsEmpty ? Resources.Parse($"mem({o.Role},p):1") : reserve));
        }
        else if (kind == 8)
        {
            var dynamic = new List<Resource>();
            foreach (Resource r in o.Resources)
            {
                if (r.Reservation == ReservationType.Dynamic && r.Type == ResourceType.Scalar && r.Name != "disk")
                    dynamic.Add(r);
            }
            if (dynamic.Count > 0)
                ops.Add(OfferOperation.Unreserve(Resources.From(dynamic)));
        }
        else
        {
            foreach (Resource r in o.Resources.Reserved())
            {
                if (r.Name == "disk" && r.Scalar.Value >= 50)
                {
                    ops.Add(OfferOperation.Create(new PersistentVolume($"vol{_nextTask++}", r.Role, Scalar.FromDouble(50))));
                    break;
                }
                if (r.Name == PersistentVolume.ResourceName)
                {
                    ops.Add(OfferOperation.Destroy(new PersistentVolume(r.Set[0], r.Role, Scalar.Zero)));
                    break;
                }
            }
        }
        double? refuse = Refusals[s.C % Refusals.Length];
        int tasksBefore = _al.TaskCount;
        // Offers of one (framework, role, agent) may be merged in one accept.
        var ids = new List<long> { o.OfferId };
        foreach (long other in offers)
        {
            if (other != o.OfferId && _al.OfferFramework(other) == o.Framework && _al.OfferAgent(other) == o.Agent && _al.GetOffer(other).Role == o.Role)
                ids.Add(other);
        }
        if (ids.Count > 1)
            _coverage.MergedAccepts++;
        AcceptResult result = _al.Accept(o.Framework, ids.ToArray(), ops, refuse);
        Log($"accept [{string.Join(",", ids)}] by fw{o.Framework} {Describe(ops)} refuse {refuse}: {Describe(result)}");
        if (!result.OffersValid)
            throw new InvalidOperationException($"valid offer {o.OfferId} refused: {result.Error}");
        ModelFilter(o.Framework, o.Role, o.Agent, null, refuse);
        int launched = 0;
        foreach (TaskOutcome t in result.Tasks)
        {
            if (t.Launched)
            {
                launched++;
                _coverage.Launched++;
                _tasks.Add((o.Framework, t.TaskId, t.Slot));
            }
            else if (t.State != TaskState.Error || t.Reason != "REASON_TASK_INVALID" || string.IsNullOrEmpty(t.Message))
            {
                throw new InvalidOperationException($"task {t.TaskId} refused as {t.State}/{t.Reason}");
            }
            else
            {
                _coverage.RefusedTasks++;
            }
        }
        foreach (OperationOutcome op in result.Operations)
        {
            if (op.Applied)
                _coverage.AppliedOperations++;
        }
        if (_al.TaskCount != tasksBefore + launched)
            throw new InvalidOperationException($"{launched} tasks launched but the ledger grew by {_al.TaskCount - tasksBefore}");
    }

    /// <summary>A task sized as a fraction of the offer (sometimes empty, too big, with an executor, or with the id of another task, which the ledger, keeping tasks by slot, launches as its own).</summary>
    private TaskLaunch MakeTask(OfferInfo o, int size, int shape)
    {
        double fraction = (size % 6) / 4.0;   // 0, 0.25 ... 1.25: empty tasks and too-big tasks included
        var text = new StringBuilder();
        double cpus = Math.Round(o.Resources.Unreserved().Cpus * fraction, 3);
        double mem = Math.Round(o.Resources.Unreserved().Mem * fraction, 3);
        if (cpus > 0)
            text.Append($"cpus:{cpus};");
        if (mem > 0)
            text.Append($"mem:{mem};");
        ValueRange[] ports = o.Resources.Unreserved().Ranges("ports");
        if (ports.Length > 0 && shape % 2 == 0)
            text.Append($"ports:[{ports[0].Begin}-{ports[0].Begin}];");
        foreach (Resource r in o.Resources.Reserved())
        {
            if (shape % 3 == 0 && r.Type == ResourceType.Scalar && r.Name == "cpus")
                text.Append(r.Reservation == ReservationType.Dynamic ? $"cpus({r.Role},):{r.Scalar};" : $"cpus({r.Role}):{r.Scalar};");
        }
        if (shape % 11 == 5)
            text.Append("cpus(elsewhere):1;");   // reserved for a role the offer is not for
        string id = shape % 7 == 3 && _tasks.Count > 0 ? _tasks[shape % _tasks.Count].Id : $"task{_nextTask++}";
        Resources resources = text.Length == 0 ? Resources.Empty : Resources.Parse(text.ToString().TrimEnd(';'));
        return shape % 5 == 1
            ? new TaskLaunch(id, resources, $"exec{o.Framework}", Resources.Parse("cpus:0.1;mem:32"))
            : new TaskLaunch(id, resources);
    }

    private void AcceptInvalid(Step s)
    {
        List<long> offers = Outstanding();
        if (_frameworks.Count == 0)
            return;
        int fw = _frameworks[s.B % _frameworks.Count].Slot;
        long[] ids;
        switch (s.A % 4)
        {
            case 0:
                ids = [987_654_321L + s.C];
                break;
            case 1:
                long foreign = offers.Find(id => _al.OfferFramework(id) != fw);
                if (foreign == 0)
                    return;
                ids = [foreign];
                break;
            case 2:
                long first = offers.Find(id => _al.OfferFramework(id) == fw);
                long second = offers.Find(id => _al.OfferFramework(id) == fw && _al.OfferAgent(id) != _al.OfferAgent(first));
                if (first == 0 || second == 0)
                    return;
                ids = [first, second];
                break;
            default:
                long mine = offers.Find(id => _al.OfferFramework(id) == fw);
                if (mine == 0)
                    return;
                ids = [mine, mine];
                break;
        }
        string before = Books();
        AcceptResult r = _al.Accept(fw, ids, [OfferOperation.Launch(new TaskLaunch($"task{_nextTask++}", Resources.Parse("cpus:0.01")))], 0);
        Log($"invalid accept [{string.Join(",", ids)}] by fw{fw}: {r.Error}");
        if (r.OffersValid)
            throw new InvalidOperationException($"accept of [{string.Join(",", ids)}] by fw{fw} was not refused");
        TaskState expected = (_frameworks.Find(f => f.Slot == fw).Caps & FrameworkCapabilities.PartitionAware) != 0 ? TaskState.Dropped : TaskState.Lost;
        if (r.Tasks.Count != 1 || r.Tasks[0].State != expected || r.Tasks[0].Reason != "REASON_INVALID_OFFERS")
            throw new InvalidOperationException("refused accept did not report its task as lost/dropped with REASON_INVALID_OFFERS");
        string after = Books();
        _coverage.InvalidAccepts++;
        if (before != after)
            throw new InvalidOperationException($"a refused accept changed the books:\nbefore {before}\nafter  {after}");
    }

    /// <summary>Everything a refused call must not change, as text: free per agent, outstanding offers, tasks.</summary>
    private string Books()
    {
        var b = new StringBuilder();
        foreach ((int agent, Resources free) in _h.FreeByAgent())
            b.Append($"agent{agent}:{free} ");
        b.Append($"| outstanding {_al.OutstandingOffers} ");
        foreach (long id in Outstanding())
            b.Append($"{id}:{_al.GetOffer(id).Resources} ");
        b.Append($"| tasks {_al.TaskCount}");
        return b.ToString();
    }

    private void Decline(Step s)
    {
        List<long> offers = Outstanding();
        if (offers.Count == 0)
            return;
        long id = offers[s.A % offers.Count];
        double? refuse = Refusals[s.B % Refusals.Length];
        OfferInfo o = _al.GetOffer(id);
        int fw = o.Framework;
        if (!_al.Decline(fw, id, refuse))
            throw new InvalidOperationException($"decline of outstanding offer {id} by its framework failed");
        ModelFilter(fw, o.Role, o.Agent, o.Resources, refuse);
        Log($"decline {id} by fw{fw} refuse {refuse}");
        if (refuse is not 0)
            _coverage.Filters++;
    }

    private void FinishTask(Step s)
    {
        if (_tasks.Count == 0)
            return;
        int i = s.A % _tasks.Count;
        (int fw, string id, int slot) = _tasks[i];
        TaskState state = (s.B % 4) switch { 0 => TaskState.Finished, 1 => TaskState.Failed, 2 => TaskState.Lost, _ => TaskState.Running };
        bool known = _al.UpdateTaskState(slot, fw, id, state);
        Log($"task {id} of fw{fw} -> {state} (known {known})");
        if (!known || state.IsTerminal())
            _tasks.RemoveAt(i);
    }

    private void RemoveAgent(Step s)
    {
        if (_agents.Count == 0)
            return;
        int i = s.A % _agents.Count;
        int tasksBefore = _al.TaskCount;
        int removed = _agents[i];
        _al.RemoveAgent(removed);
        ForgetFilters(k => k.Agent == removed);
        if (_al.TaskCount < tasksBefore)
            _coverage.RemovedAgentsWithTasks++;
        Log($"remove agent{_agents[i]}");
        _agents.RemoveAt(i);
        _tasks.RemoveAll(t => !_al.HoldsTask(t.Slot, t.Fw, t.Id));
    }

    private void RemoveFramework(Step s)
    {
        if (_frameworks.Count == 0)
            return;
        int i = s.A % _frameworks.Count;
        int fw = _frameworks[i].Slot;
        _al.RemoveFramework(fw);
        ForgetFilters(k => k.Fw == fw);
        Log($"remove fw{fw}");
        _frameworks.RemoveAt(i);
        _tasks.RemoveAll(t => t.Fw == fw);
    }

    private void Suppress(Step s)
    {
        if (_frameworks.Count == 0)
            return;
        var fw = _frameworks[s.A % _frameworks.Count];
        string[]? roles = s.B % 2 == 0 ? null : [fw.Roles[s.C % fw.Roles.Length]];
        _al.Suppress(fw.Slot, roles);
        Log($"suppress fw{fw.Slot} {(roles is null ? "all" : roles[0])}");
    }

    private void Revive(Step s)
    {
        if (_frameworks.Count == 0)
            return;
        var fw = _frameworks[s.A % _frameworks.Count];
        string[]? roles = s.B % 2 == 0 ? null : [fw.Roles[s.C % fw.Roles.Length]];
        _al.Revive(fw.Slot, roles);
        ForgetFilters(k => k.Fw == fw.Slot && (roles is null || k.Role == roles[0]));
        Log($"revive fw{fw.Slot} {(roles is null ? "all" : roles[0])}");
    }

    /// <summary>
    /// After a full run nothing allocatable is left on an active agent that some active,
    /// unsuppressed framework may take, unless a filter of that framework covers it. Quota
    /// (headroom, limits) and the offer cap hold resources back on purpose and are left out.
    /// This catches offers lost to stale caches: filter stamps, blocked agents, role membership.
    /// </summary>
    private void CheckWorkConserving(DateTimeOffset now)
    {
        if (_guaranteed.Count > 0 || _al.Options.MaxOffersPerFramework > 0)
            return;
        _coverage.WorkConservingChecks++;
        foreach (int agent in _agents)
        {
            if (!_al.IsAgentActive(agent))
                continue;
            Resources free = _al.FreeResources(agent);
            bool gpus = _al.TotalResources(agent).Scalar("gpus").Milli > 0;
            foreach (var fw in _frameworks)
            {
                if (!_activeFrameworks.Contains(fw.Slot) || (gpus && (fw.Caps & FrameworkCapabilities.GpuResources) == 0))
                    continue;
                foreach (string role in fw.Roles)
                {
                    if (_al.IsSuppressed(fw.Slot, role) || _limits.ContainsKey(role.Split('/')[0]))
                        continue;
                    Resources offerable = free.AllocatableTo(role);
                    bool reservedRanges = false;
                    foreach (Resource r in offerable.Reserved())
                        reservedRanges |= r.Type != ResourceType.Scalar;
                    if (!(offerable.Cpus >= 0.01 || offerable.Mem >= 32 || reservedRanges))
                        continue;
                    if (_filterModel.TryGetValue((fw.Slot, role, agent), out var filters)
                        && filters.Exists(f => f.Expiry > now - Margin && (f.Refused is null || f.Refused.Contains(offerable))))
                        continue;
                    throw new InvalidOperationException($"agent{agent} keeps {offerable} free that fw{fw.Slot} in role {role} may take");
                }
            }
        }
    }

    /// <summary>Every filter expires; the next full run must then offer everything offerable.</summary>
    private void ExpireEverything()
    {
        _h.Advance(TimeSpan.FromSeconds(31));
        Log("advance 31 s");
        RunAllocation(new Step(20, 0, 0, 0));
    }

    private void SetQuota(Step s)
    {
        string role = QuotaRoles[s.A % QuotaRoles.Length];
        if (s.B % 4 == 0)
        {
            _al.SetQuota(role, Resources.Empty, Resources.Empty);
            _limits.Remove(role);
            _guaranteed.Remove(role);
            Log($"quota {role} cleared");
            return;
        }
        int limitCpus = s.B % 12;
        int guaranteeCpus = s.C % 3 == 0 ? Math.Min(limitCpus, s.C % 5) : 0;
        Resources limit = Resources.Parse($"cpus:{limitCpus};mem:{512 * (1 + s.C % 8)}");
        Resources guarantee = guaranteeCpus > 0 ? Resources.Parse($"cpus:{guaranteeCpus}") : Resources.Empty;
        _al.SetQuota(role, guarantee, limit);
        _limits[role] = limit;
        if (guarantee.IsEmpty)
            _guaranteed.Remove(role);
        else
            _guaranteed.Add(role);
        Log($"quota {role} guarantee {guarantee} limit {limit}");
    }

    private void SetWeight(Step s)
    {
        string role = RolePool[s.A % RolePool.Length];
        double weight = 0.5 + s.B % 4;
        _al.SetWeight(role, weight);
        Log($"weight {role} {weight}");
    }

    private void ToggleAgent(Step s)
    {
        if (_agents.Count == 0)
            return;
        int agent = _agents[s.A % _agents.Count];
        if (_al.IsAgentActive(agent))
            _al.DeactivateAgent(agent);
        else
            _al.ActivateAgent(agent);
        Log($"agent{agent} active={_al.IsAgentActive(agent)}");
    }

    private void ToggleFramework(Step s)
    {
        if (_frameworks.Count == 0)
            return;
        int fw = _frameworks[s.A % _frameworks.Count].Slot;
        if (s.B % 2 == 0)
        {
            _al.DeactivateFramework(fw);
            _activeFrameworks.Remove(fw);
            ForgetFilters(k => k.Fw == fw);
        }
        else
        {
            _al.ActivateFramework(fw);
            _activeFrameworks.Add(fw);
        }
        Log($"fw{fw} {(s.B % 2 == 0 ? "deactivated" : "activated")}");
    }

    private void UpdateAgent(Step s)
    {
        if (_agents.Count == 0)
            return;
        int agent = _agents[s.A % _agents.Count];
        Resources total = _al.TotalResources(agent);
        // Grow or shrink the unreserved cpus; a shrink below what tasks use must be refused whole.
        double cpus = total.Unreserved().Cpus;
        double next = Math.Max(0, cpus + (s.B % 5) - 2);
        var list = new List<Resource>();
        foreach (Resource r in total)
        {
            if (!(r.Name == "cpus" && !r.IsReserved))
                list.Add(r);
        }
        if (next > 0)
            list.Add(Resource.CreateScalar("cpus", next));
        Resources updated = Resources.From(list);
        string before = Books();
        int rescindsBefore = _al.PendingRescinds.Length;
        try
        {
            _al.UpdateAgent(agent, updated);
            ForgetFilters(k => k.Agent == agent);
            Log($"update agent{agent} {updated}");
        }
        catch (EngineException e)
        {
            Log($"update agent{agent} {updated} refused: {e.Message}");
            if (Books() != before || _al.PendingRescinds.Length != rescindsBefore)
                throw new InvalidOperationException("a refused UpdateAgent changed the books");
        }
    }

    private void Rescind(Step s)
    {
        List<long> offers = Outstanding();
        if (offers.Count == 0)
            return;
        long id = offers[s.A % offers.Count];
        _al.Rescind(id);
        Log($"rescind {id}");
    }

    private static string Describe(List<OfferOperation> ops)
    {
        var b = new StringBuilder();
        foreach (OfferOperation op in ops)
        {
            b.Append(op.Type).Append('[');
            foreach (TaskLaunch t in op.Tasks)
                b.Append($"{t.TaskId}:{t.Resources}{(t.ExecutorId is null ? "" : "+" + t.ExecutorId)} ");
            if (!op.Resources.IsEmpty)
                b.Append(op.Resources);
            foreach (PersistentVolume v in op.Volumes)
                b.Append(v.PersistenceId);
            b.Append("] ");
        }
        return b.ToString();
    }

    private static string Describe(AcceptResult r)
    {
        var b = new StringBuilder();
        foreach (TaskOutcome t in r.Tasks)
            b.Append($"{t.TaskId}={(t.Launched ? "ok" : t.Message)} ");
        foreach (OperationOutcome o in r.Operations)
            b.Append($"{o.Type}={(o.Applied ? "ok" : o.Message)} ");
        return b.ToString();
    }
}
