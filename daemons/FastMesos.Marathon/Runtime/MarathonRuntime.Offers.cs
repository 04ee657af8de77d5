using FastMesos.Apps.Matching;
using FastMesos.Marathon.State;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>How long an offer is refused while instances wait but it did not fit them.</summary>
    private static readonly TimeSpan ShortDecline = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tasks one work item launches at most. An offer event from 10,000 agents launched tens of
    /// thousands of tasks in one item (up to 0.4 s of Marathon's loop, a wait for every REST call;
    /// perf-reports/2026-12-07-deploy-api-latency/); at ~6 µs per launch this bounds an item to
    /// about 12 ms.
    /// </summary>
    internal const int MaxLaunchesPerOfferItem = 2048;

    /// <summary>
    /// Each offer goes to the first app (in id order) with instances waiting and no backoff in force
    /// whose requirements and constraints it meets, up to --max_instances_per_offer; the reject
    /// reason of every app it did not fit is counted for <c>/v2/queue</c>. An offer nobody uses is
    /// declined: briefly while something waits, for --decline_offer_duration otherwise.
    /// <para>One work item launches up to <see cref="MaxLaunchesPerOfferItem"/> tasks; the offers
    /// after the one that reached it (from <paramref name="first"/> on) are taken by another item,
    /// queued behind the background work queued meanwhile.</para>
    /// </summary>
    private void OnOffers(IReadOnlyList<Offer> offers, int first = 0)
    {
        if (_driver is null)
            return;
        DateTimeOffset now = Now;
        var waiting = WaitingByApp(now);
        // Launches wait until every instance they start is stored: a crash in between leaves an
        // instance the next reconciliation reports as unknown to the master (and relaunches), never
        // a task Marathon does not know. The whole batch is stored in one group commit
        // (IMarathonStore.PutAllAsync) instead of one disk flush per instance.
        List<(OfferId Offer, List<TaskInfo> Tasks)>? launches = null;
        StoreBatch? toStore = null;
        // Declined in one DECLINE per refusal length, not one per offer: a revive brings an offer
        // from every agent, and all but a few are declined.
        List<OfferId>? declineShort = null;
        List<OfferId>? declineLong = null;
        int launchedHere = 0;
        Span<int> portScratch = stackalloc int[HostPortList.MaxStackPorts];
        for (int o = first; o < offers.Count; o++)
        {
            if (launchedHere >= MaxLaunchesPerOfferItem)
            {
                int rest = o;
                Post(r => r.OnOffers(offers, rest), "offers");
                break;
            }
            Offer offer = offers[o];
            _agents[offer.AgentId] = (offer.Hostname, offer.Attributes);
            Metrics.OffersIncoming.Increment();
            bool used = false;
            foreach ((AppRuntimeState app, Queue<Instance> queue) in waiting)
            {
                if (_launchTokens <= 0 || !HasWaiting(queue))
                    continue;
                // The queue's length counts waiting instances and perhaps some stale entries: the
                // launch below takes as many waiting ones as it finds, up to the match.
                OfferMatch match = _matcher.Match(offer, app.Requirements, app.Placed, Math.Min(queue.Count, _launchTokens));
                if (!match.IsMatch)
                {
                    app.LastOffers.Record(match.Reason, now);
                    continue;
                }

                app.LastOffers.Record(NoMatchReason.None, now);
                LaunchTemplate template = app.Template;
                var tasks = new List<TaskInfo>(match.Count);
                var launched = new List<Instance>(match.Count);
                for (int i = 0; i < match.Count && HasWaiting(queue); i++)
                {
                    Instance instance = TakeWaiting(queue);
                    instance.Incarnation++;
                    instance.AppVersion = app.App.Version ?? instance.AppVersion;
                    TaskInfo task = template.Task(instance, offer, match, i);
                    // Kept by the instance for its task's life: one port inline, more in an array of their own.
                    Span<int> ports = match.PortsPerInstance <= HostPortList.MaxStackPorts
                        ? portScratch[..match.PortsPerInstance]
                        : new int[match.PortsPerInstance];
                    for (int p = 0; p < ports.Length; p++)
                        ports[p] = (int)match.HostPort(i, p);
                    instance.State = TaskState.Staging;
                    instance.AgentId = offer.AgentId;
                    instance.Host = offer.Hostname;
                    instance.HostPorts = HostPortList.Of(ports);
                    instance.StagedAt = now;
                    Housekeep(instance);
                    app.Placed.Add(offer);
                    tasks.Add(task);
                    launched.Add(instance);
                }

                toStore ??= new StoreBatch();
                foreach (Instance instance in launched)
                    InstanceCodec.Put(toStore, instance);
                (launches ??= []).Add((offer.Id, tasks));
                _launchTokens -= tasks.Count;
                launchedHere += tasks.Count;
                if (!HasWaiting(queue))
                    app.QueuedSince = null;
                _log?.Invoke($"I Launched {tasks.Count} task(s) of {app.App.Id} on {offer.Hostname}");
                used = true;
                break;
            }

            if (!used)
            {
                bool anyWaiting = false;
                foreach ((AppRuntimeState _, Queue<Instance> queue) in waiting)
                    anyWaiting |= HasWaiting(queue);
                (anyWaiting ? declineShort ??= [] : declineLong ??= []).Add(offer.Id);
                Metrics.OffersDeclined.Increment();
            }
        }

        if (declineShort is not null)
            _driver.Decline(declineShort, ShortDecline.TotalSeconds);
        if (declineLong is not null)
            _driver.Decline(declineLong, _options.DeclineOfferDuration.TotalSeconds);

        if (launches is not null)
        {
            Task stored = _store.PutAllAsync(toStore!, _stopping.Token);   // the store takes the batch
            Task previous = _launchesInFlight;
            _launchesInFlight = LaunchWhenStoredAsync(previous, stored, launches);
            // Back-pressure: the loop goes on while this batch commits, but background work waits
            // for the batch before it, so at most two are between their decision and their send.
            // REST calls do not wait for it (SerialExecutor.HoldBackground).
            _loop.HoldBackground(previous);
        }

        if (!AnyScheduled())
            Suppress();
    }

    /// <summary>
    /// The launch batches decided and not yet sent, as one chain in decision order: each is sent once
    /// its instances are stored and the batch before it was sent. The loop does not wait for the commit
    /// (it waited 3.9 s of a 31.6 s 1,000 × 1,000 deploy on 42 of them): it goes on matching offers and
    /// taking status updates meanwhile. Never faults (a failed batch is logged). Loop-owned.
    /// <para>Invariant: a kill or reconciliation the loop orders goes out after every launch it decided
    /// before (<see cref="AfterLaunches"/>), as when the loop itself waited for each commit.</para>
    /// </summary>
    private Task _launchesInFlight = Task.CompletedTask;

    private async Task LaunchWhenStoredAsync(Task previous, Task stored, List<(OfferId Offer, List<TaskInfo> Tasks)> launches)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await stored.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing is sent, as when the loop itself waited for the commit: the instances stay
            // staging in memory and reconciliation reports their tasks unknown (then relaunched).
            if (e is not OperationCanceledException)
                _log?.Invoke($"E storing {launches.Count} launch(es) failed, not launching them: {e.Message}");
            return;
        }
        foreach ((OfferId offerId, List<TaskInfo> tasks) in launches)
        {
            // The driver's calls do not throw (they return false without a connection).
            _driver?.Launch(offerId, tasks);
            Metrics.RecordLaunch(tasks.Count);
        }

        // Back-pressure from the master: this batch counts as sent once the driver's queue is back
        // under its resume threshold, and background work (the next offers) waits for it
        // (HoldBackground). Without it Marathon decided launches faster than the master read them,
        // up to the driver's pause threshold (64 MiB then) and beyond it in a chain of waiting calls,
        // each call an allocation, every acknowledgement queued behind them all; with it Marathon
        // allocated 14–21% less in a 1,000 × 1,000 deploy and the deploy was shorter in five of six
        // interleaved pairs, median 29.9 → 28.2 s (perf-reports/2026-12-07-receive-yield/).
        if (_driver is { } driver)
            await driver.WhenSendsDrainedAsync().ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="send"/> now, or after the launches still waiting for their commit (see <see cref="_launchesInFlight"/>).</summary>
    private void AfterLaunches(Action send)
    {
        if (_launchesInFlight.IsCompleted)
            send();
        else
            _launchesInFlight = ThenAsync(_launchesInFlight, send);
    }

    private async Task ThenAsync(Task launches, Action send)
    {
        await launches.ConfigureAwait(false);
        try
        {
            send();
        }
        catch (Exception e)
        {
            // The chain must not fault: every launch after this one waits on it.
            _log?.Invoke($"E a call queued behind launches failed: {e.Message}");
        }
    }

    /// <summary>
    /// Marathon's launch throttle (<c>--launch_tokens</c> per <c>--launch_token_refresh_interval</c>):
    /// each launch spends a token, each TASK_RUNNING gives one back, and the count is reset to the
    /// flag's value every interval — so at most that many launches are in flight between refreshes.
    /// </summary>
    private void RefreshLaunchTokens()
    {
        bool wasEmpty = _launchTokens <= 0;
        _launchTokens = _options.LaunchTokens;
        if (wasEmpty && AnyScheduled())
            Revive();
    }

    /// <summary>
    /// The launch queues of the apps with an instance waiting whose backoff allows a launch now, in
    /// app id order: the queues themselves (taking an instance off one takes it off the launch queue).
    /// </summary>
    private List<(AppRuntimeState App, Queue<Instance> Queue)> WaitingByApp(DateTimeOffset now)
    {
        PruneLaunchQueues();
        var result = new List<(AppRuntimeState, Queue<Instance>)>(_launchQueues.Count);
        for (int i = 0; i < _launchQueues.Count; i++)
        {
            if (LaunchableApp(_launchQueues.GetKeyAtIndex(i), _launchQueues.GetValueAtIndex(i), now) is { } app)
                result.Add((app, _launchQueues.GetValueAtIndex(i)));
        }
        return result;
    }

    /// <summary>The app of a pruned launch queue when it is known and its backoff allows a launch now; else null.</summary>
    private AppRuntimeState? LaunchableApp(string appId, Queue<Instance> queue, DateTimeOffset now) =>
        _apps.TryGetValue(appId, out AppRuntimeState? app) && _backoff.IsReady(appId, app.App.Version ?? queue.Peek().AppVersion, now) ? app : null;

    /// <summary>True when some waiting instance's backoff allows a launch now.</summary>
    private bool AnyLaunchable(DateTimeOffset now)
    {
        PruneLaunchQueues();
        for (int i = 0; i < _launchQueues.Count; i++)
        {
            if (LaunchableApp(_launchQueues.GetKeyAtIndex(i), _launchQueues.GetValueAtIndex(i), now) is not null)
                return true;
        }
        return false;
    }

    /// <summary>True when some instance waits for an offer (backoff or not).</summary>
    private bool AnyScheduled() => PruneLaunchQueues() || _pendingStarts.Count > 0;

    /// <summary>
    /// Asks for offers again (clearing decline filters) because something started waiting. Coalesced:
    /// one REVIVE per work item, however many instances it scheduled (<see cref="FlushRevive"/>).
    /// </summary>
    private void Revive() => _reviveWanted = true;

    /// <summary>Sends the wanted REVIVE, or leaves it to the revive timer (<see cref="ReviveThrottle"/>).</summary>
    private void FlushRevive()
    {
        if (!_reviveWanted || _driver is null)
            return;
        if (!_reviveThrottle.TryRevive(Now, out TimeSpan? armTimerFor))
        {
            if (armTimerFor is { } delay)
            {
                (_reviveTimer ??= _time.CreateTimer(
                    static state => ((MarathonRuntime)state!).Post(static r => r.OnReviveTimer(), "revive"),
                    this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)).Change(delay, Timeout.InfiniteTimeSpan);
            }
            return;
        }
        _reviveWanted = false;
        if (_driver.Revive())
            Metrics.Revives.Increment();
        _suppressed = false;
    }

    private void OnReviveTimer()
    {
        _reviveThrottle.TimerFired();
        FlushRevive();
    }

    private void Suppress()
    {
        if (_driver is null || _suppressed)
            return;
        _suppressed = _driver.Suppress();
        if (_suppressed)
            Metrics.Suppresses.Increment();
    }
}
