using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Http;

/// <summary>
/// GroupInfo (specs/marathon.md §1.1): <c>{id, apps[], pods[], groups[], dependencies[], version,
/// enforceRole}</c>, apps as AppInfo. <c>apps</c> and <c>groups</c> appear only when embedded
/// (<c>group.apps</c>, <c>group.groups</c>; both by default); <c>pods</c> is always empty.
/// </summary>
internal static class GroupInfoJson
{
    public static void Write(Utf8JsonWriter w, MarathonRuntime runtime, Group group, bool withGroups, bool withApps, AppEmbeds appEmbeds)
    {
        w.WriteStartObject();
        w.WriteString("id", group.Id.ToString());
        if (withApps)
        {
            w.WriteStartArray("apps");
            foreach (AppDefinition app in group.Apps)
                AppInfoJson.Write(w, runtime, app, appEmbeds);
            w.WriteEndArray();
        }
        w.WriteStartArray("pods");
        w.WriteEndArray();
        if (withGroups)
        {
            w.WriteStartArray("groups");
            foreach (Group child in group.Groups)
                Write(w, runtime, child, withGroups, withApps, appEmbeds);
            w.WriteEndArray();
        }
        w.WriteStartArray("dependencies");
        foreach (PathId dependency in group.Dependencies)
            w.WriteStringValue(dependency.ToString());
        w.WriteEndArray();
        if (group.Version is { } version)
            w.WriteString("version", Timestamps.Format(version));
        w.WriteBoolean("enforceRole", group.EnforceRole);
        w.WriteEndObject();
    }
}
