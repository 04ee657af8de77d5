using System.Text.Json;
using System.Text.Json.Nodes;
using FastMesos.Apps.Constraints;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using static FastMesos.Apps.Json.JsonFields;

namespace FastMesos.Apps.Json;

/// <summary>
/// JSON → <see cref="AppDefinition"/>, Marathon style: every type error is collected with its path,
/// unknown fields are ignored, deprecated fields are normalized into the canonical ones, and
/// defaults are filled (one default port in host mode; (0.5, 0) upgrade and a disabled unreachable
/// strategy for resident apps). Reading does not validate rules: see <see cref="AppValidator"/>.
/// </summary>
public static class AppJsonReader
{
    public const string VersionOnlyWithId = "The 'version' field may only be combined with the 'id' field.";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Reads a full app (POST, or PUT with partialUpdate=false); relative ids resolve against <paramref name="parent"/>.</summary>
    public static AppReadResult Read(string json, PathId? parent = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return AppReadResult.Malformed(e.Message);
        }
        using (doc)
            return Read(doc.RootElement, parent ?? PathId.Root, "");
    }

    /// <summary>
    /// Reads one app from an element, with every path under <paramref name="pathPrefix"/> (e.g.
    /// <c>/apps(0)</c> inside a group). <paramref name="idOverride"/> replaces the body's id (PUT/PATCH on a URL).
    /// </summary>
    public static AppReadResult Read(JsonElement app, PathId parent, string pathPrefix, PathId? idOverride = null)
    {
        var errors = new ErrorCollector();
        var invalid = new ErrorCollector();
        AppDefinition? def = app.ValueKind == JsonValueKind.Object ? ReadObject(app, parent, idOverride, errors, invalid) : null;
        if (def is null)
            errors.Add("/", ExpectedObject);
        return new AppReadResult(def, Prefixed(errors, pathPrefix), Prefixed(invalid, pathPrefix), null, null);
    }

    /// <summary>
    /// Reads an update of the app at <paramref name="id"/> (PUT <c>/v2/apps/{id}</c>, PATCH).
    /// <c>{"version": ts}</c> (optionally with <c>id</c>) is a rollback; version with anything else
    /// is rejected. With <paramref name="partial"/> (PUT's default, and PATCH) only the fields
    /// present override <paramref name="existing"/>; otherwise, or when there is no existing app,
    /// the body is a full definition.
    /// </summary>
    public static AppReadResult ReadUpdate(AppDefinition? existing, PathId id, string json, bool partial = true)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: Options);
        }
        catch (JsonException e)
        {
            return AppReadResult.Malformed(e.Message);
        }
        if (node is JsonObject body && body.ContainsKey("version"))
            return ReadRollback(body);
        if (!partial || existing is null || node is not JsonObject patch)
        {
            using JsonDocument full = JsonDocument.Parse(json, Options);
            return Read(full.RootElement, id.Parent, "", id);
        }
        return Merge(existing, patch, id);
    }

    /// <summary>PATCH: only the fields present in <paramref name="json"/> override <paramref name="existing"/>; the body id is ignored.</summary>
    public static AppReadResult ReadPatch(AppDefinition existing, string json) => ReadUpdate(existing, existing.Id, json, partial: true);

    private static AppReadResult ReadRollback(JsonObject body)
    {
        var errors = new ErrorCollector();
        var invalid = new ErrorCollector();
        foreach (KeyValuePair<string, JsonNode?> kv in body)
        {
            if (kv.Key is not ("id" or "version"))
            {
                invalid.Add("/", VersionOnlyWithId);
                break;
            }
        }
        using JsonDocument doc = JsonDocument.Parse(body.ToJsonString());
        DateTimeOffset? version = Timestamp(doc.RootElement, "version", "/", errors);
        return new AppReadResult(null, errors.ToList(), invalid.ToList(), null, invalid.IsEmpty ? version : null);
    }

    // Top-level keys of the patch replace the existing app's. A deprecated key also drops its
    // canonical twin (and networks/container drop the derived port definitions), so the merged
    // body does not look like a conflict the user never wrote.
    private static AppReadResult Merge(AppDefinition existing, JsonObject patch, PathId id)
    {
        var baseObj = (JsonObject)JsonNode.Parse(AppJsonWriter.Write(existing))!;
        baseObj.Remove("version");
        baseObj.Remove("versionInfo");
        if (patch.ContainsKey("ports"))
            baseObj.Remove("portDefinitions");
        if (patch.ContainsKey("uris"))
            baseObj.Remove("fetch");
        if (patch.ContainsKey("ipAddress") || DockerNetworkIn(patch))
            baseObj.Remove("networks");
        if ((patch.ContainsKey("networks") || patch.ContainsKey("ipAddress") || DockerNetworkIn(patch))
            && !patch.ContainsKey("portDefinitions") && !patch.ContainsKey("ports"))
        {
            baseObj.Remove("portDefinitions");
        }
        foreach (KeyValuePair<string, JsonNode?> kv in patch)
        {
            if (kv.Key == "id")
                continue;
            baseObj[kv.Key] = kv.Value?.DeepClone();
        }
        using JsonDocument doc = JsonDocument.Parse(baseObj.ToJsonString());
        return Read(doc.RootElement, id.Parent, "", id);
    }

    private static bool DockerNetworkIn(JsonObject patch) =>
        patch["container"] is JsonObject c && c["docker"] is JsonObject d && d.ContainsKey("network");

    private static IReadOnlyList<ValidationError> Prefixed(ErrorCollector errors, string prefix)
    {
        if (prefix.Length == 0)
            return errors.ToList();
        var prefixed = new ErrorCollector();
        prefixed.AddAll(errors.ToList(), prefix);
        return prefixed.ToList();
    }

    private static AppDefinition ReadObject(JsonElement o, PathId parent, PathId? idOverride, ErrorCollector errors, ErrorCollector invalid)
    {
        const string r = "/";
        PathId id = idOverride ?? PathId.Root;
        if (idOverride is null)
        {
            string? text = String(o, "id", r, errors);
            if (text is not null)
                id = PathId.Resolve(text, parent);
            else if (!Has(o, "id"))
                errors.Add("/id", Missing);
        }

        IReadOnlyList<Network> networks = ContainerJsonReader.Networks(o, errors, invalid);
        bool host = true, bridge = false;
        foreach (Network n in networks)
        {
            host &= n.Mode == NetworkMode.Host;
            bridge |= n.Mode == NetworkMode.ContainerBridge;
        }
        ContainerSpec? container = ContainerJsonReader.Container(o, bridge, errors);
        var defaults = new AppDefinition();
        var app = new AppDefinition
        {
            Id = id,
            Cmd = String(o, "cmd", r, errors),
            Args = StringList(o, "args", r, errors),
            Cpus = Double(o, "cpus", r, errors) ?? defaults.Cpus,
            Mem = Double(o, "mem", r, errors) ?? defaults.Mem,
            Disk = Double(o, "disk", r, errors) ?? defaults.Disk,
            Gpus = Int(o, "gpus", r, errors) ?? defaults.Gpus,
            Instances = Int(o, "instances", r, errors) ?? defaults.Instances,
            Executor = String(o, "executor", r, errors) ?? defaults.Executor,
            Container = container,
            Networks = networks,
            PortDefinitions = ContainerJsonReader.PortDefinitions(o, host, errors, invalid),
            // requirePorts only means something in host mode; Marathon forces it off elsewhere.
            RequirePorts = host && (Bool(o, "requirePorts", r, errors) ?? false),
            Env = Env(o, errors),
            Secrets = Secrets(o, errors),
            Labels = StringMap(o, "labels", r, errors) ?? ValueMap<string>.Empty,
            Constraints = Constraints(o, errors, invalid),
            AcceptedResourceRoles = StringList(o, "acceptedResourceRoles", r, errors),
            Role = String(o, "role", r, errors),
            HealthChecks = Array(o, "healthChecks", r, errors, out JsonElement hc) ? CheckJsonReader.HealthChecks(hc, errors) : [],
            Check = Object(o, "check", r, errors, out JsonElement ck) ? CheckJsonReader.Check(ck, errors) : null,
            ReadinessChecks = Array(o, "readinessChecks", r, errors, out JsonElement rc) ? CheckJsonReader.ReadinessChecks(rc, errors) : [],
            Dependencies = Dependencies(o, id.Parent, errors),
            BackoffSeconds = Int(o, "backoffSeconds", r, errors) ?? defaults.BackoffSeconds,
            BackoffFactor = Double(o, "backoffFactor", r, errors) ?? defaults.BackoffFactor,
            MaxLaunchDelaySeconds = Int(o, "maxLaunchDelaySeconds", r, errors) ?? defaults.MaxLaunchDelaySeconds,
            KillSelection = JsonFields.Enum(o, "killSelection", r, errors, JsonNames.KillSelections) is int ks and >= 0 ? (KillSelection)ks : defaults.KillSelection,
            Fetch = Fetch(o, errors, invalid),
            TaskKillGracePeriodSeconds = Int(o, "taskKillGracePeriodSeconds", r, errors),
            User = String(o, "user", r, errors),
            Tty = Bool(o, "tty", r, errors),
            ResourceLimits = Limits(o, errors),
            Version = Timestamp(o, "version", r, errors),
            VersionInfo = VersionInfoOf(o, errors),
        };
        bool resident = app.IsResident;
        return app with
        {
            UpgradeStrategy = Upgrade(o, errors, resident ? UpgradeStrategy.ResidentDefault : UpgradeStrategy.Default),
            UnreachableStrategy = Unreachable(o, errors, resident ? UnreachableStrategy.Disabled : UnreachableStrategy.Default),
        };
    }

    private static ValueMap<EnvValue> Env(JsonElement o, ErrorCollector errors)
    {
        if (!Object(o, "env", "/", errors, out JsonElement env))
            return ValueMap<EnvValue>.Empty;
        var pairs = new List<KeyValuePair<string, EnvValue>>();
        foreach (JsonProperty p in env.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String)
                pairs.Add(new(p.Name, EnvValue.Of(p.Value.GetString()!)));
            else if (p.Value.ValueKind != JsonValueKind.Object)
                errors.Add("/env/" + p.Name, ExpectedString);
            else if (String(p.Value, "secret", "/env/" + p.Name, errors) is string s)
                pairs.Add(new(p.Name, EnvValue.FromSecret(s)));
            else if (!Has(p.Value, "secret"))
                errors.Add("/env/" + p.Name + "/secret", Missing);
        }
        return ValueMap<EnvValue>.FromPairs(pairs);
    }

    private static ValueMap<SecretDef> Secrets(JsonElement o, ErrorCollector errors)
    {
        if (!Object(o, "secrets", "/", errors, out JsonElement secrets))
            return ValueMap<SecretDef>.Empty;
        var pairs = new List<KeyValuePair<string, SecretDef>>();
        foreach (JsonProperty p in secrets.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
                errors.Add("/secrets/" + p.Name, ExpectedObject);
            else
                pairs.Add(new(p.Name, new SecretDef(String(p.Value, "source", "/secrets/" + p.Name, errors) ?? "")));
        }
        return ValueMap<SecretDef>.FromPairs(pairs);
    }

    // Each [field, OP(, value)] goes through ConstraintParser; its messages are validation
    // errors (422 "Object is not valid") at /constraints(i), not JSON errors.
    private static List<Constraint> Constraints(JsonElement o, ErrorCollector errors, ErrorCollector invalid)
    {
        var list = new List<Constraint>();
        if (!Array(o, "constraints", "/", errors, out JsonElement arr))
            return list;
        int i = 0;
        foreach (JsonElement c in arr.EnumerateArray())
        {
            string p = Index("/constraints", i++);
            if (c.ValueKind != JsonValueKind.Array)
            {
                errors.Add(p, ExpectedArray);
                continue;
            }
            var parts = new List<string?>(3);
            bool typed = true;
            foreach (JsonElement s in c.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.String)
                    parts.Add(s.GetString());
                else
                    typed = false;
            }
            if (!typed)
                errors.Add(p, ExpectedString);
            else if (ConstraintParser.TryParse(parts, out Constraint? parsed, out string? message))
                list.Add(parsed!);
            else
                invalid.Add(p, message!);
        }
        return list;
    }

    private static List<PathId> Dependencies(JsonElement o, PathId parent, ErrorCollector errors)
    {
        var list = new List<PathId>();
        foreach (string d in StringList(o, "dependencies", "/", errors) ?? [])
            list.Add(PathId.Resolve(d, parent));
        return list;
    }

    private static List<FetchUri> Fetch(JsonElement o, ErrorCollector errors, ErrorCollector invalid)
    {
        var list = new List<FetchUri>();
        List<string>? uris = StringList(o, "uris", "/", errors);
        if (Array(o, "fetch", "/", errors, out JsonElement arr))
        {
            if (uris is not null)
                invalid.Add("/uris", "may not be set in conjunction with fetch");
            int i = 0;
            foreach (JsonElement f in arr.EnumerateArray())
            {
                string p = Index("/fetch", i++);
                if (f.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(p, ExpectedObject);
                    continue;
                }
                list.Add(new FetchUri
                {
                    Uri = String(f, "uri", p, errors) ?? "",
                    Extract = Bool(f, "extract", p, errors) ?? true,
                    Executable = Bool(f, "executable", p, errors) ?? false,
                    Cache = Bool(f, "cache", p, errors) ?? false,
                    DestPath = String(f, "destPath", p, errors),
                });
            }
            return list;
        }
        foreach (string uri in uris ?? [])
            list.Add(new FetchUri { Uri = uri, Extract = IsArchive(uri) });
        return list;
    }

    // Marathon extracts a deprecated `uris` entry only when it names an archive.
    private static bool IsArchive(string uri)
    {
        foreach (string ext in (ReadOnlySpan<string>)[".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip"])
        {
            if (uri.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static UpgradeStrategy Upgrade(JsonElement o, ErrorCollector errors, UpgradeStrategy fallback)
    {
        if (!Object(o, "upgradeStrategy", "/", errors, out JsonElement u))
            return fallback;
        return new UpgradeStrategy(
            Double(u, "minimumHealthCapacity", "/upgradeStrategy", errors) ?? fallback.MinimumHealthCapacity,
            Double(u, "maximumOverCapacity", "/upgradeStrategy", errors) ?? fallback.MaximumOverCapacity);
    }

    private static UnreachableStrategy Unreachable(JsonElement o, ErrorCollector errors, UnreachableStrategy fallback)
    {
        if (!Has(o, "unreachableStrategy", out JsonElement u))
            return fallback;
        if (u.ValueKind == JsonValueKind.String)
        {
            if (u.GetString() == "disabled")
                return UnreachableStrategy.Disabled;
            errors.Add("/unreachableStrategy", UnknownEnum);
            return fallback;
        }
        if (u.ValueKind != JsonValueKind.Object)
        {
            errors.Add("/unreachableStrategy", ExpectedObject);
            return fallback;
        }
        return UnreachableStrategy.Enabled(
            Int(u, "inactiveAfterSeconds", "/unreachableStrategy", errors) ?? 0,
            Int(u, "expungeAfterSeconds", "/unreachableStrategy", errors) ?? 0);
    }

    private static ResourceLimits? Limits(JsonElement o, ErrorCollector errors)
    {
        if (!Object(o, "resourceLimits", "/", errors, out JsonElement l))
            return null;
        return new ResourceLimits(Limit(l, "cpus", errors), Limit(l, "mem", errors));
    }

    private static double? Limit(JsonElement l, string name, ErrorCollector errors)
    {
        if (!Has(l, name, out JsonElement v))
            return null;
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String && v.GetString() == "unlimited")
            return double.PositiveInfinity;
        errors.Add("/resourceLimits/" + name, ExpectedNumber);
        return null;
    }

    private static VersionInfo? VersionInfoOf(JsonElement o, ErrorCollector errors)
    {
        if (!Object(o, "versionInfo", "/", errors, out JsonElement v))
            return null;
        DateTimeOffset? scaling = Timestamp(v, "lastScalingAt", "/versionInfo", errors);
        DateTimeOffset? config = Timestamp(v, "lastConfigChangeAt", "/versionInfo", errors);
        return scaling is null || config is null ? null : new VersionInfo(scaling.Value, config.Value);
    }
}
