namespace FastMesos.Apps.Deployments;

/// <summary>
/// The state machine of one RestartApplication action (specs/marathon.md §5.2, Marathon's
/// <c>TaskReplaceActor</c>): fed instance events, it answers which old instances to kill and how
/// many new ones to launch. Pure and single-threaded; the caller owns ids, launches and kills.
/// <para>Invariants, with oldActive = old instances not yet terminal (killed or not) and started =
/// new instances ordered and not yet terminal:</para>
/// <list type="number">
/// <item>oldActive + started ≤ <see cref="RestartStrategy.MaxCapacity"/> after every launch order
/// (the launch rule never exceeds it; only the up-front state may, when more instances existed).</item>
/// <item>started ≤ N.</item>
/// <item>An old instance is killed only up front (<see cref="RestartStrategy.KillImmediately"/>) or
/// when a new instance becomes healthy and ready, one for one, so the healthy count never drops
/// below its value after the up-front kills unless an instance dies by itself.</item>
/// </list>
/// <para>Unhealthy old instances do not count toward the up-front kills, so with no spare capacity
/// (e.g. N=3, (1, 0), one old unhealthy) nothing happens until one of them dies (its health check
/// kills it) — Marathon's behaviour. Such a replacement has ordered nothing (<see cref="HasOrdered"/>),
/// so the caller may build it again once the instance turns out healthy: Marathon's runtime does, for
/// a new leader that counted an instance unhealthy from its stored, lagging state. The caller resets
/// the app's backoff delay when the restart starts.</para>
/// </summary>
public sealed class TaskReplacement
{
    enum NewState : byte { Launched, Healthy, Terminal }

    readonly int _target;
    // Old instances in kill order (unhealthy first, then given order); _killCursor moves over it.
    readonly string[] _killOrder;
    int _killCursor;
    // Old instances not yet terminal → whether a kill was ordered.
    readonly Dictionary<string, bool> _oldActive;
    readonly Dictionary<string, NewState> _new;
    int _started;
    int _newHealthy;
    int _launchesOrdered;   // launches the orders asked for (not counting new instances that existed at start)

    /// <summary>Starts tracking a restart; call <see cref="Start"/> for the first order.</summary>
    /// <param name="targetInstances">N, the new version's instances.</param>
    /// <param name="minimumHealthCapacity">upgradeStrategy.minimumHealthCapacity.</param>
    /// <param name="maximumOverCapacity">upgradeStrategy.maximumOverCapacity.</param>
    /// <param name="resident">Whether the app is resident.</param>
    /// <param name="oldInstances">Instances of older versions with goal Running.</param>
    /// <param name="newInstances">Instances of the new version that already exist (a resumed deployment).</param>
    public TaskReplacement(int targetInstances, double minimumHealthCapacity, double maximumOverCapacity, bool resident,
        IReadOnlyList<ReplacedInstance> oldInstances, IReadOnlyList<ReplacedInstance>? newInstances = null)
    {
        newInstances ??= [];
        _target = targetInstances;
        _oldActive = new Dictionary<string, bool>(oldInstances.Count, StringComparer.Ordinal);
        _new = new Dictionary<string, NewState>(targetInstances, StringComparer.Ordinal);
        _killOrder = new string[oldInstances.Count];
        int healthy = 0, next = 0;
        foreach (ReplacedInstance old in oldInstances)
        {
            _oldActive[old.Id] = false;
            if (old.Healthy)
                healthy++;
            else
                _killOrder[next++] = old.Id;
        }
        foreach (ReplacedInstance old in oldInstances)
        {
            if (old.Healthy)
                _killOrder[next++] = old.Id;
        }
        foreach (ReplacedInstance fresh in newInstances)
        {
            _new[fresh.Id] = fresh.Healthy ? NewState.Healthy : NewState.Launched;
            _started++;
            if (fresh.Healthy)
            {
                healthy++;
                _newHealthy++;
            }
        }
        HealthyAtStart = healthy;
        Strategy = RestartStrategy.Compute(targetInstances, minimumHealthCapacity, maximumOverCapacity, resident,
            healthy, oldInstances.Count + newInstances.Count);
    }

    /// <summary>The healthy instances (old and new) the strategy was computed with.</summary>
    public int HealthyAtStart { get; }

    /// <summary>
    /// Whether any order so far launched or killed something. A replacement that has not can be
    /// computed again from newer health without breaking its invariants (the caller does so when
    /// instances it counted unhealthy turn out healthy, e.g. a new leader's stale stored states).
    /// </summary>
    public bool HasOrdered => _launchesOrdered > 0 || _killCursor > 0;

    /// <summary>The strategy computed at start.</summary>
    public RestartStrategy Strategy { get; }

    /// <summary>Old instances not yet terminal.</summary>
    public int OldActive => _oldActive.Count;

    /// <summary>New instances ordered and not yet terminal.</summary>
    public int Started => _started;

    /// <summary>New instances healthy and ready.</summary>
    public int NewHealthy => _newHealthy;

    /// <summary>Whether N new instances are healthy and ready and no old instance is active.</summary>
    public bool IsDone => _newHealthy >= _target && _oldActive.Count == 0;

    /// <summary>The first order: the up-front kills and the first launches.</summary>
    public ReplacementOrder Start()
    {
        List<string>? kill = null;
        for (int i = 0; i < Strategy.KillImmediately; i++)
        {
            if (!TrySentenceNext(ref kill))
                break;
        }
        return Order(kill);
    }

    /// <summary>
    /// A new instance ordered by a <see cref="ReplacementOrder.Launch"/> got this id. Report every
    /// launch: terminal events of unknown ids are ignored.
    /// </summary>
    public ReplacementOrder OnNewLaunched(string newId)
    {
        _new.TryAdd(newId, NewState.Launched);
        return Order(null);
    }

    /// <summary>A new instance became healthy and ready: the next old instance is killed.</summary>
    public ReplacementOrder OnNewHealthy(string newId)
    {
        if (_new.TryGetValue(newId, out NewState state) && state != NewState.Launched)
            return Order(null);
        _new[newId] = NewState.Healthy;
        _newHealthy++;
        List<string>? kill = null;
        TrySentenceNext(ref kill);
        return Order(kill);
    }

    /// <summary>A new instance failed or was killed (before or after being healthy); it is replaced.</summary>
    public ReplacementOrder OnNewTerminal(string newId)
    {
        if (!_new.TryGetValue(newId, out NewState state) || state == NewState.Terminal)
            return Order(null);
        if (state == NewState.Healthy)
            _newHealthy--;
        _new[newId] = NewState.Terminal;
        if (_started > 0)
            _started--;
        return Order(null);
    }

    /// <summary>
    /// An old instance became terminal: one we killed, or one that died by itself (it is not
    /// relaunched; a new-version instance takes its place).
    /// </summary>
    public ReplacementOrder OnOldTerminal(string oldId)
    {
        _oldActive.Remove(oldId);
        return Order(null);
    }

    bool TrySentenceNext(ref List<string>? kill)
    {
        while (_killCursor < _killOrder.Length)
        {
            string id = _killOrder[_killCursor++];
            // Skip old instances that already died by themselves.
            if (_oldActive.TryGetValue(id, out bool sentenced) && !sentenced)
            {
                _oldActive[id] = true;
                (kill ??= []).Add(id);
                return true;
            }
        }
        return false;
    }

    // The launch rule: min(N - started, max(0, maxCapacity - oldActive - started)), re-evaluated on
    // every event; it only grows when an old or a new instance becomes terminal.
    ReplacementOrder Order(List<string>? kill)
    {
        int launch = Math.Min(_target - _started, Math.Max(0, Strategy.MaxCapacity - _oldActive.Count - _started));
        if (launch < 0)
            launch = 0;
        _started += launch;
        _launchesOrdered += launch;
        return new ReplacementOrder(kill is null ? [] : kill, launch, IsDone);
    }
}
