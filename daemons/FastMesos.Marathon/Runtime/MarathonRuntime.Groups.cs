using System.Text;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// <c>/v2/groups</c> and the batch <c>/v2/apps</c> calls (specs/marathon.md §1.1): each builds a
/// target tree from the current one and hands it to <see cref="DeployAsync"/>, so one call is one
/// deployment. Every stored tree is also kept as a group version (<c>groupversions/&lt;ts&gt;</c>)
/// for <c>GET …/versions</c> and the <c>{"version"}</c> rollback.
/// </summary>
public sealed partial class MarathonRuntime
{
    private const string GroupVersionsPrefix = "groupversions";

    private static string GroupVersionKey(DateTimeOffset version) => GroupVersionsPrefix + "/" + Http.Timestamps.Format(version);

    /// <summary>
    /// The stored root versions, newest first; null until first read from the store. Only this
    /// runtime (the leader) adds or deletes them (a deployment stores one; <see cref="TrimGroupVersions"/>
    /// deletes the oldest) and keeps this list with the store, so after the first read a POST does not list the store
    /// to trim it (that listing was 6% of Marathon's samples during 1,000 POSTs,
    /// perf-reports/2026-12-04-marathon-million.md). A new leader starts a new runtime and reads afresh.
    /// </summary>
    private List<DateTimeOffset>? _groupVersions;

    /// <summary>
    /// Lists a root version just stored, in its place (usually first; a clock set back since an
    /// earlier leader stored newer ones would put it further down) and once (a put of the same key overwrote it).
    /// </summary>
    private static void AddGroupVersion(List<DateTimeOffset> versions, DateTimeOffset version)
    {
        int at = 0;
        while (at < versions.Count && versions[at] > version)
            at++;
        if (at == versions.Count || versions[at] != version)
            versions.Insert(at, version);
    }

    /// <summary>
    /// Drops the oldest stored root versions beyond <c>--zk_max_versions</c>, in the background. One
    /// whose delete fails is logged and stays in the store until the next start lists it and trims it.
    /// </summary>
    private void TrimGroupVersions(List<DateTimeOffset> versions)
    {
        for (int i = versions.Count - 1; i >= Math.Max(1, _options.MaxVersions); i--)
        {
            InBackground(_store.DeleteAsync(GroupVersionKey(versions[i]), _stopping.Token), "trimming the root's versions");
            versions.RemoveAt(i);
        }
    }

    /// <summary>Every stored root version, newest first (read from the store once; the loop's own list: copy it before awaiting while walking it).</summary>
    private async Task<List<DateTimeOffset>> StoredGroupVersionsAsync()
    {
        if (_groupVersions is not null)
            return _groupVersions;
        IReadOnlyList<string> names = await _store.ListAsync(GroupVersionsPrefix, _stopping.Token).ConfigureAwait(false);
        var versions = new List<DateTimeOffset>(names.Count);
        foreach (string name in names)
        {
            if (Http.Timestamps.TryParse(name, out DateTimeOffset version))
                versions.Add(version);
        }
        versions.Sort((a, b) => b.CompareTo(a));
        return _groupVersions = versions;
    }

    /// <summary>POST /v2/groups[/{id}]: a new group with its apps (409 when the path is taken).</summary>
    internal async Task<(PathId Id, DeploymentResult Deployment)> CreateGroupAsync(GroupReadResult read, bool force)
    {
        if (read.RollbackVersion is not null || read.ScaleBy is not null)
            throw new ApiException(422, "A group to create must carry its definition, not a version or scaleBy.");
        Group group = ValidGroup(read);
        if (_root.FindGroup(group.Id) is not null)
            throw new ApiException(409, $"Group {group.Id} is already created. Use PUT to change this group.");
        if (_root.App(group.Id) is not null)
            throw new ApiException(409, $"An app with the path {group.Id} already exists.");
        DateTimeOffset now = NextVersion();
        DeploymentResult result = await DeployAsync(_root.PutGroup(Stamp(group, now)), force, now).ConfigureAwait(false);
        return (group.Id, result);
    }

    /// <summary>
    /// PUT /v2/groups[/{id}]: replace the group at <paramref name="id"/> (apps and subgroups absent
    /// from the body are removed), roll it back to a stored version, or scale it. With
    /// <paramref name="dryRun"/> the plan is returned and nothing changes.
    /// </summary>
    internal async Task<(DeploymentResult? Deployment, DeploymentPlan? DryRun)> UpdateGroupAsync(PathId id, GroupReadResult read, bool force, bool dryRun)
    {
        DateTimeOffset now = NextVersion();
        Group target;
        if (read.RollbackVersion is { } version)
        {
            RootGroup old = await ReadGroupVersionAsync(version).ConfigureAwait(false)
                ?? throw new ApiException(404, $"Group '{id}' does not exist in version {Http.Timestamps.Format(version)}");
            target = old.FindGroup(id) ?? throw new ApiException(404, $"Group '{id}' does not exist in version {Http.Timestamps.Format(version)}");
        }
        else if (read.ScaleBy is { } factor)
        {
            if (read.JsonErrors.Count > 0)
                throw new ValidationFailedException(ValidationFailedException.InvalidJson, read.JsonErrors);
            Group current = _root.FindGroup(id) ?? throw GroupNotFound(id);
            target = current.ScaleBy(factor);
        }
        else
        {
            target = ValidGroup(read);
        }

        RootGroup next = _root.PutGroup(Stamp(target, now));
        if (dryRun)
        {
            DeploymentPlan plan = PlanFor(next.WithVersion(now), Guid.NewGuid().ToString("D"), now).Plan;
            RestoreServicePorts(_portsMark);
            return (null, plan);
        }
        return (await DeployAsync(next, force, now).ConfigureAwait(false), null);
    }

    /// <summary>PATCH /v2/groups/{id}: only a top-level group's <c>enforceRole</c>; no app changes.</summary>
    internal Task<DeploymentResult> PatchGroupAsync(PathId id, bool enforceRole)
    {
        if (id.IsRoot || id.Parent != PathId.Root)
            throw new ApiException(400, $"Only top-level groups can be patched; {id} is not one.");
        Group group = _root.FindGroup(id) ?? throw GroupNotFound(id);
        return DeployAsync(_root.PutGroup(group with { EnforceRole = enforceRole }), force: false, NextVersion());
    }

    /// <summary>DELETE /v2/groups[/{id}]: the group and every app in it.</summary>
    internal Task<DeploymentResult> DeleteGroupAsync(PathId id, bool force)
    {
        if (_root.FindGroup(id) is null)
            throw GroupNotFound(id);
        return DeployAsync(_root.RemoveGroup(id), force, NextVersion());
    }

    /// <summary>PUT/PATCH /v2/apps: every update applied to one target tree, one deployment.</summary>
    internal async Task<DeploymentResult> UpdateAppsAsync(IReadOnlyList<(PathId Id, Func<AppDefinition?, AppReadResult> Read)> updates, bool force, bool mustExist)
    {
        if (mustExist)
        {
            foreach ((PathId id, _) in updates)
            {
                if (_root.App(id) is null)
                    throw ApiException.AppNotFound(id.ToString());
            }
        }
        DateTimeOffset now = NextVersion();
        RootGroup target = _root;
        for (int i = 0; i < updates.Count; i++)
        {
            (PathId id, Func<AppDefinition?, AppReadResult> read) = updates[i];
            AppDefinition next;
            try
            {
                (_, next) = await NextAppAsync(target, id, read, mustExist, now).ConfigureAwait(false);
            }
            catch (ValidationFailedException e)
            {
                throw e.WithPathPrefix("/(" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
            }
            target = target.PutApp(next);
        }
        return await DeployAsync(target, force, now).ConfigureAwait(false);
    }

    /// <summary>The stored group versions in which <paramref name="id"/> exists, newest first.</summary>
    internal async Task<IReadOnlyList<DateTimeOffset>> GroupVersionsAsync(PathId id)
    {
        if (_root.FindGroup(id) is null)
            throw GroupNotFound(id);
        var versions = new List<DateTimeOffset>();
        List<DateTimeOffset> stored = [.. await StoredGroupVersionsAsync().ConfigureAwait(false)];
        foreach (DateTimeOffset version in stored)
        {
            if (id.IsRoot || (await ReadGroupVersionAsync(version).ConfigureAwait(false))?.FindGroup(id) is not null)
                versions.Add(version);
        }
        return versions;
    }

    /// <summary>The group <paramref name="id"/> as of a stored version (404 when absent).</summary>
    internal async Task<Group> GroupVersionAsync(PathId id, DateTimeOffset version)
    {
        RootGroup? old = await ReadGroupVersionAsync(version).ConfigureAwait(false);
        return old?.FindGroup(id) ?? throw new ApiException(404, $"Group '{id}' does not exist in version {Http.Timestamps.Format(version)}");
    }

    internal static ApiException GroupNotFound(PathId id) => new(404, $"Group '{id}' does not exist");

    private async Task<RootGroup?> ReadGroupVersionAsync(DateTimeOffset version)
    {
        byte[]? bytes = await _store.GetAsync(GroupVersionKey(version), _stopping.Token).ConfigureAwait(false);
        return bytes is null ? null : await ReadStoredRootAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>
    /// A stored root group: in reference form (<see cref="RootGroupCodec"/>) each app is read from its
    /// stored version; format 1 is the whole tree. Null when a referenced app version is not stored.
    /// Throws <see cref="InvalidDataException"/> when the bytes are not a root group at all.
    /// </summary>
    private async Task<RootGroup?> ReadStoredRootAsync(byte[] bytes)
    {
        StoredGroup? stored;
        try
        {
            stored = RootGroupCodec.Read(bytes);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (stored is null)
        {
            GroupReadResult read = GroupJsonReader.Read(Encoding.UTF8.GetString(bytes));
            if (!read.IsOk || read.Group is null)
                throw new InvalidDataException("the stored root group is not readable: " + (read.MalformedDetails ?? "invalid"));
            return new RootGroup(read.Group);
        }
        Group? group = await ResolveAsync(stored).ConfigureAwait(false);
        return group is null ? null : new RootGroup(group);
    }

    /// <summary>The group with each app reference replaced by the stored version it names; null when one is missing.</summary>
    private async Task<Group?> ResolveAsync(StoredGroup stored)
    {
        var apps = new AppDefinition[stored.Apps.Count];
        for (int i = 0; i < apps.Length; i++)
        {
            StoredAppRef app = stored.Apps[i];
            AppDefinition? definition = await ReadVersionAsync(app.Id, app.Version).ConfigureAwait(false);
            if (definition is null)
            {
                _log?.Invoke($"W The stored version {Http.Timestamps.Format(app.Version)} of app {app.Id} is missing");
                return null;
            }
            apps[i] = definition;
        }
        var groups = new Group[stored.Groups.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            Group? child = await ResolveAsync(stored.Groups[i]).ConfigureAwait(false);
            if (child is null)
                return null;
            groups[i] = child;
        }
        return new Group
        {
            Id = stored.Id,
            Version = stored.Version,
            EnforceRole = stored.EnforceRole,
            Dependencies = stored.Dependencies,
            Apps = apps,
            Groups = groups,
        };
    }

    /// <summary>Checks a group body read for POST/PUT against the current tree; throws the 400/422 it deserves.</summary>
    private Group ValidGroup(GroupReadResult read)
    {
        if (read.IsMalformed)
            throw new ValidationFailedException(ValidationFailedException.InvalidJson) { MalformedDetails = read.MalformedDetails };
        if (read.JsonErrors.Count > 0)
            throw new ValidationFailedException(ValidationFailedException.InvalidJson, read.JsonErrors);
        ValidationResult validation = GroupValidator.Validate(read, _root);
        if (!validation.IsValid)
            throw new ValidationFailedException(ValidationFailedException.NotValid, validation.Errors);
        return read.Group!;
    }

    /// <summary>
    /// The group as it will be stored: versioned <paramref name="now"/>, each app with its service
    /// ports; an app equal to the current one keeps its version (so it is neither restarted nor
    /// rescaled), a scale-only change moves <c>lastScalingAt</c>, anything else both timestamps.
    /// </summary>
    private Group Stamp(Group group, DateTimeOffset now)
    {
        var apps = new AppDefinition[group.Apps.Count];
        for (int i = 0; i < apps.Length; i++)
        {
            AppDefinition app = WithServicePorts(group.Apps[i]);
            AppDefinition? existing = _root.App(app.Id);
            if (existing is not null && app with { Version = existing.Version, VersionInfo = existing.VersionInfo } == existing)
                apps[i] = existing;
            else if (existing is not null && app.IsOnlyScaleChange(existing) && existing.VersionInfo is { } info)
                apps[i] = app with { Version = now, VersionInfo = info with { LastScalingAt = now } };
            else
                apps[i] = app with { Version = now, VersionInfo = new VersionInfo(now, now) };
        }
        var groups = new Group[group.Groups.Count];
        for (int i = 0; i < groups.Length; i++)
            groups[i] = Stamp(group.Groups[i], now);
        return group with { Apps = apps, Groups = groups, Version = now };
    }
}
