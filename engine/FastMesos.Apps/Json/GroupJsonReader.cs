using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using static FastMesos.Apps.Json.JsonFields;

namespace FastMesos.Apps.Json;

/// <summary>
/// Reads <c>{id, apps[], groups[], dependencies[], version, enforceRole}</c> (and the PUT special
/// bodies <c>{"version"}</c> / <c>{"scaleBy"}</c>). Relative ids resolve against the enclosing
/// group: the group's own against <c>parent</c>, its apps', subgroups' and dependencies' against the group.
/// Paths nest as <c>/groups(0)/apps(1)/cpus</c>.
/// </summary>
public static class GroupJsonReader
{
    /// <summary>
    /// Reads a group posted at <paramref name="target"/>: a body without <c>id</c> is the target
    /// itself, a relative body id is resolved against it.
    /// </summary>
    public static GroupReadResult Read(string json, PathId? target = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return new GroupReadResult(null, [], [], e.Message, null, null);
        }
        using (doc)
        {
            var errors = new ErrorCollector();
            var invalid = new ErrorCollector();
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("/", ExpectedObject);
                return new GroupReadResult(null, errors.ToList(), [], null, null, null);
            }
            DateTimeOffset? rollback = null;
            double? scaleBy = null;
            if (Has(root, "version") && !Has(root, "apps") && !Has(root, "groups"))
                rollback = Timestamp(root, "version", "/", errors);
            else if (Has(root, "scaleBy"))
                scaleBy = Double(root, "scaleBy", "/", errors);
            PathId at = target ?? PathId.Root;
            PathId id = String(root, "id", "/", errors) is string text ? PathId.Resolve(text, at) : at;
            Group? group = rollback is null && scaleBy is null ? ReadGroup(root, id, "", errors, invalid) : null;
            return new GroupReadResult(group, errors.ToList(), invalid.ToList(), null, rollback, scaleBy);
        }
    }

    private static Group ReadGroup(JsonElement o, PathId id, string path, ErrorCollector errors, ErrorCollector invalid)
    {
        var apps = new List<AppDefinition>();
        if (Array(o, "apps", path, errors, out JsonElement arr))
        {
            int i = 0;
            foreach (JsonElement a in arr.EnumerateArray())
            {
                AppReadResult r = AppJsonReader.Read(a, id, Index(Path(path, "apps"), i++));
                errors.AddAll(r.JsonErrors);
                invalid.AddAll(r.ValidationErrors);
                if (r.App is not null)
                    apps.Add(r.App);
            }
        }
        var groups = new List<Group>();
        if (Array(o, "groups", path, errors, out JsonElement garr))
        {
            int i = 0;
            foreach (JsonElement g in garr.EnumerateArray())
            {
                string gp = Index(Path(path, "groups"), i++);
                if (g.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(gp, ExpectedObject);
                    continue;
                }
                string? text = String(g, "id", gp, errors);
                if (text is null)
                {
                    errors.Add(gp + "/id", Missing);
                    continue;
                }
                groups.Add(ReadGroup(g, PathId.Resolve(text, id), gp, errors, invalid));
            }
        }
        var deps = new List<PathId>();
        foreach (string d in StringList(o, "dependencies", path, errors) ?? [])
            deps.Add(PathId.Resolve(d, id));
        return new Group
        {
            Id = id,
            Apps = apps,
            Groups = groups,
            Dependencies = deps,
            Version = Timestamp(o, "version", path, errors),
            EnforceRole = Bool(o, "enforceRole", path, errors) ?? false,
        };
    }
}
