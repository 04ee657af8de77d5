namespace FastMesos.Apps.Launching;

/// <summary>
/// Per-app launch backoff (specs/marathon.md §6.1, Marathon's <c>RateLimiter</c>). Failures
/// (TASK_FAILED, TASK_FINISHED, health kills — see <see cref="InstanceConditions.IncreasesBackoff"/>)
/// grow the app's delay; no instance of the app is launched before the last failure + delay.
/// The delay resets on a new app version, on an explicit reset (<c>DELETE /v2/queue/{id}/delay</c>)
/// and when delay + maxLaunchDelay pass without a failure. Time is always passed in.
/// </summary>
public sealed class RateLimiter
{
    readonly Dictionary<string, LaunchDelay> _delays = new(StringComparer.Ordinal);

    /// <summary>Number of apps with a delay (expired ones included until <see cref="Purge"/>).</summary>
    public int Count => _delays.Count;

    /// <summary>Records a launch failure of <paramref name="appId"/> at version <paramref name="version"/>.</summary>
    /// <returns>The delay now in force.</returns>
    public LaunchDelay RecordFailure(string appId, DateTimeOffset version, BackoffStrategy strategy, DateTimeOffset now)
    {
        LaunchDelay next = _delays.TryGetValue(appId, out LaunchDelay current) && current.Version == version && !current.IsExpired(now)
            ? current.Increased(strategy, now)
            : LaunchDelay.First(version, strategy, now);
        _delays[appId] = next;
        return next;
    }

    /// <summary>Forgets the app's delay: explicit reset, new version deployed, app removed.</summary>
    /// <returns>Whether the app had a delay.</returns>
    public bool Reset(string appId) => _delays.Remove(appId);

    /// <summary>The app's delay in force at <paramref name="now"/> for <paramref name="version"/>, if any.</summary>
    public bool TryGetDelay(string appId, DateTimeOffset version, DateTimeOffset now, out LaunchDelay delay)
    {
        if (_delays.TryGetValue(appId, out delay) && delay.Version == version && !delay.IsExpired(now))
            return true;
        delay = default;
        return false;
    }

    /// <summary>Whether an instance of the app (at <paramref name="version"/>) may be launched at <paramref name="now"/>.</summary>
    public bool IsReady(string appId, DateTimeOffset version, DateTimeOffset now) =>
        !TryGetDelay(appId, version, now, out LaunchDelay delay) || now >= delay.Deadline;

    /// <summary>The <c>/v2/queue</c> view of the app's delay at <paramref name="now"/>.</summary>
    public QueueDelay QueueDelay(string appId, DateTimeOffset version, DateTimeOffset now)
    {
        if (!TryGetDelay(appId, version, now, out LaunchDelay delay) || now >= delay.Deadline)
            return new QueueDelay(TimeSpan.Zero, true);
        return new QueueDelay(delay.Deadline - now, false);
    }

    /// <summary>Drops expired delays (call from a periodic tick); returns how many.</summary>
    public int Purge(DateTimeOffset now)
    {
        int purged = 0;
        foreach (KeyValuePair<string, LaunchDelay> entry in _delays)
        {
            if (entry.Value.IsExpired(now) && _delays.Remove(entry.Key))
                purged++;
        }
        return purged;
    }
}
