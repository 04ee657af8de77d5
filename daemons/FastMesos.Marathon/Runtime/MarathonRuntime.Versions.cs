using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// App version pruning (specs/marathon.md §1, §8: at most <c>--zk_max_versions</c> stored versions
/// per app). The stored timestamps of each app are cached after their first listing, so a change
/// costs one listing per app per leadership, not one per update.
/// </summary>
public sealed partial class MarathonRuntime
{
    // App id → its stored version timestamps, oldest first; filled from the store on first use.
    private readonly Dictionary<string, List<DateTimeOffset>> _storedVersions = new(StringComparer.Ordinal);

    // The last version NextVersion issued.
    private DateTimeOffset _lastVersion = DateTimeOffset.MinValue;

    /// <summary>
    /// The version of a change: the clock to the millisecond, and later than every version issued
    /// before. Versions are stored and shown to the millisecond (store keys, JSON), so two changes
    /// within one millisecond would share a version key, and pruning the older would delete the
    /// newer's definition (seen once the store committed a change in under a millisecond).
    /// </summary>
    private DateTimeOffset NextVersion()
    {
        long ticks = Now.UtcTicks;
        var version = new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        if (version <= _lastVersion)
            version = _lastVersion.AddMilliseconds(1);
        _lastVersion = version;
        return version;
    }

    /// <summary>
    /// Records that <paramref name="app"/> was just stored as a version and deletes the oldest ones
    /// beyond <c>--zk_max_versions</c>. Invariant: the current version and every version a running
    /// deployment refers to (its rollback originals and its targets) are never deleted, so an app
    /// may briefly keep more than the limit while a deployment holds old ones.
    /// </summary>
    private async Task PruneVersionsAsync(AppDefinition app)
    {
        string id = app.Id.ToString();
        if (!_storedVersions.TryGetValue(id, out List<DateTimeOffset>? versions))
        {
            IReadOnlyList<DateTimeOffset> newestFirst = await VersionsAsync(app.Id).ConfigureAwait(false);
            versions = new List<DateTimeOffset>(newestFirst.Count + 1);
            for (int i = newestFirst.Count - 1; i >= 0; i--)
                versions.Add(newestFirst[i]);
            _storedVersions[id] = versions;
        }
        else if (app.Version is { } version && (versions.Count == 0 || versions[^1] < version))
        {
            versions.Add(version);
        }

        int limit = Math.Max(1, _options.MaxVersions);
        for (int i = 0; i < versions.Count && versions.Count > limit;)
        {
            DateTimeOffset candidate = versions[i];
            if (IsVersionInUse(id, candidate))
            {
                i++;
                continue;
            }
            // Waited for: GET /v2/apps/{id}/versions lists what the store holds.
            await _store.DeleteAsync(VersionKey(app.Id, candidate), _stopping.Token).ConfigureAwait(false);
            versions.RemoveAt(i);
        }
    }

    /// <summary>True when <paramref name="version"/> of the app is current or named by a running deployment.</summary>
    private bool IsVersionInUse(string appId, DateTimeOffset version)
    {
        if (_apps.TryGetValue(appId, out AppRuntimeState? state) && state.App.Version == version)
            return true;
        foreach (RunningDeployment deployment in _deployments)
        {
            string deploymentId = deployment.Plan.Id;
            if (_versionsBefore.TryGetValue(deploymentId, out Dictionary<string, AppDefinition>? before)
                && before.TryGetValue(appId, out AppDefinition? original) && original.Version == version)
                return true;
            if (_targetsOf.TryGetValue(deploymentId, out List<AppDefinition>? targets))
            {
                foreach (AppDefinition target in targets)
                {
                    if (target.Version == version && target.Id.ToString() == appId)
                        return true;
                }
            }
        }
        return false;
    }
}
