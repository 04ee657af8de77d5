using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FastMesos.Apps.Constraints;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Json;

/// <summary>
/// <see cref="AppDefinition"/> → JSON as Marathon 1.5+ answers: canonical field names only (never
/// <c>ports</c>, <c>uris</c>, <c>ipAddress</c> or docker network/port mappings), every field with
/// its value including defaults, timestamps ISO-8601 UTC with millis. Reading the output gives an
/// equal definition. <see cref="WriteFields"/> lets the HTTP layer add AppInfo fields to the same object.
/// </summary>
public static class AppJsonWriter
{
    /// <summary><c>2015-09-25T15:13:48.343Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // An app definition is immutable, so its JSON is too: written once per definition and then
    // copied. Storing the whole root group on every change wrote every app again, which made
    // creating N apps one request at a time quadratic in serialization (perf-reports/2026-12-04-marathon.md).
    // Entries live exactly as long as their definition.
    private static readonly ConditionalWeakTable<AppDefinition, byte[]> Utf8Cache = new();

    public static string Write(AppDefinition app) => Encoding.UTF8.GetString(Utf8(app));

    /// <summary>The app's JSON object as UTF-8, built once per definition; the caller must not modify it.</summary>
    public static byte[] Utf8(AppDefinition app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Utf8Cache.GetValue(app, static a =>
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                WriteFields(w, a);
                w.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        });
    }

    /// <summary>Writes the app as one complete object.</summary>
    public static void Write(Utf8JsonWriter w, AppDefinition app)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteRawValue(Utf8(app), skipInputValidation: true);
    }

    /// <summary>Writes the app's fields into the object the caller has open.</summary>
    public static void WriteFields(Utf8JsonWriter w, AppDefinition app)
    {
        w.WriteString("id", app.Id.ToString());
        if (app.Cmd is not null)
            w.WriteString("cmd", app.Cmd);
        if (app.Args is not null)
            WriteStrings(w, "args", app.Args);
        w.WriteNumber("cpus", app.Cpus);
        w.WriteNumber("mem", app.Mem);
        w.WriteNumber("disk", app.Disk);
        w.WriteNumber("gpus", app.Gpus);
        w.WriteNumber("instances", app.Instances);
        w.WriteString("executor", app.Executor);
        if (app.Container is not null)
            WriteContainer(w, app.Container);
        WriteNetworks(w, app.Networks);
        WritePortDefinitions(w, app.PortDefinitions);
        w.WriteBoolean("requirePorts", app.RequirePorts);
        WriteEnv(w, app.Env);
        w.WriteStartObject("secrets");
        foreach (KeyValuePair<string, SecretDef> kv in app.Secrets)
        {
            w.WriteStartObject(kv.Key);
            w.WriteString("source", kv.Value.Source);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        WriteMap(w, "labels", app.Labels);
        w.WriteStartArray("constraints");
        foreach (Constraint c in app.Constraints)
        {
            w.WriteStartArray();
            w.WriteStringValue(c.Field);
            w.WriteStringValue(c.OperatorName);
            if (c.Value is not null)
                w.WriteStringValue(c.Value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (app.AcceptedResourceRoles is not null)
            WriteStrings(w, "acceptedResourceRoles", app.AcceptedResourceRoles);
        if (app.Role is not null)
            w.WriteString("role", app.Role);
        CheckJsonWriter.WriteHealthChecks(w, app.HealthChecks);
        if (app.Check is not null)
            CheckJsonWriter.WriteCheck(w, app.Check);
        CheckJsonWriter.WriteReadinessChecks(w, app.ReadinessChecks);
        w.WriteStartArray("dependencies");
        foreach (PathId d in app.Dependencies)
            w.WriteStringValue(d.ToString());
        w.WriteEndArray();
        w.WriteStartObject("upgradeStrategy");
        w.WriteNumber("minimumHealthCapacity", app.UpgradeStrategy.MinimumHealthCapacity);
        w.WriteNumber("maximumOverCapacity", app.UpgradeStrategy.MaximumOverCapacity);
        w.WriteEndObject();
        w.WriteNumber("backoffSeconds", app.BackoffSeconds);
        w.WriteNumber("backoffFactor", app.BackoffFactor);
        w.WriteNumber("maxLaunchDelaySeconds", app.MaxLaunchDelaySeconds);
        w.WriteString("killSelection", JsonNames.KillSelections[(int)app.KillSelection]);
        if (app.UnreachableStrategy.IsDisabled)
        {
            w.WriteString("unreachableStrategy", "disabled");
        }
        else
        {
            w.WriteStartObject("unreachableStrategy");
            w.WriteNumber("inactiveAfterSeconds", app.UnreachableStrategy.InactiveAfterSeconds);
            w.WriteNumber("expungeAfterSeconds", app.UnreachableStrategy.ExpungeAfterSeconds);
            w.WriteEndObject();
        }
        WriteFetch(w, app.Fetch);
        if (app.TaskKillGracePeriodSeconds is int grace)
            w.WriteNumber("taskKillGracePeriodSeconds", grace);
        if (app.User is not null)
            w.WriteString("user", app.User);
        if (app.Tty is bool tty)
            w.WriteBoolean("tty", tty);
        if (app.ResourceLimits is not null)
        {
            w.WriteStartObject("resourceLimits");
            WriteLimit(w, "cpus", app.ResourceLimits.Cpus);
            WriteLimit(w, "mem", app.ResourceLimits.Mem);
            w.WriteEndObject();
        }
        if (app.Version is DateTimeOffset version)
            w.WriteString("version", FormatTimestamp(version));
        if (app.VersionInfo is not null)
        {
            w.WriteStartObject("versionInfo");
            w.WriteString("lastScalingAt", FormatTimestamp(app.VersionInfo.LastScalingAt));
            w.WriteString("lastConfigChangeAt", FormatTimestamp(app.VersionInfo.LastConfigChangeAt));
            w.WriteEndObject();
        }
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string s in values)
            w.WriteStringValue(s);
        w.WriteEndArray();
    }

    internal static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (KeyValuePair<string, string> kv in map)
            w.WriteString(kv.Key, kv.Value);
        w.WriteEndObject();
    }

    private static void WriteLimit(Utf8JsonWriter w, string name, double? limit)
    {
        if (limit is not double value)
            return;
        if (double.IsPositiveInfinity(value))
            w.WriteString(name, "unlimited");
        else
            w.WriteNumber(name, value);
    }

    private static void WriteEnv(Utf8JsonWriter w, IReadOnlyDictionary<string, EnvValue> env)
    {
        w.WriteStartObject("env");
        foreach (KeyValuePair<string, EnvValue> kv in env)
        {
            if (kv.Value.Secret is not null)
            {
                w.WriteStartObject(kv.Key);
                w.WriteString("secret", kv.Value.Secret);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString(kv.Key, kv.Value.Value);
            }
        }
        w.WriteEndObject();
    }

    private static void WriteNetworks(Utf8JsonWriter w, IReadOnlyList<Network> networks)
    {
        w.WriteStartArray("networks");
        foreach (Network n in networks)
        {
            w.WriteStartObject();
            w.WriteString("mode", JsonNames.NetworkModes[(int)n.Mode]);
            if (n.Name is not null)
                w.WriteString("name", n.Name);
            if (n.Labels.Count > 0)
                WriteMap(w, "labels", n.Labels);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePortDefinitions(Utf8JsonWriter w, IReadOnlyList<PortDefinition> defs)
    {
        w.WriteStartArray("portDefinitions");
        foreach (PortDefinition d in defs)
        {
            w.WriteStartObject();
            w.WriteNumber("port", d.Port);
            w.WriteString("protocol", d.Protocol);
            if (d.Name is not null)
                w.WriteString("name", d.Name);
            if (d.Labels.Count > 0)
                WriteMap(w, "labels", d.Labels);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteFetch(Utf8JsonWriter w, IReadOnlyList<FetchUri> fetch)
    {
        w.WriteStartArray("fetch");
        foreach (FetchUri f in fetch)
        {
            w.WriteStartObject();
            w.WriteString("uri", f.Uri);
            w.WriteBoolean("extract", f.Extract);
            w.WriteBoolean("executable", f.Executable);
            w.WriteBoolean("cache", f.Cache);
            if (f.DestPath is not null)
                w.WriteString("destPath", f.DestPath);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteContainer(Utf8JsonWriter w, ContainerSpec c)
    {
        w.WriteStartObject("container");
        w.WriteString("type", JsonNames.ContainerTypes[(int)c.Type]);
        if (c.Docker is not null)
        {
            w.WriteStartObject("docker");
            w.WriteString("image", c.Docker.Image);
            w.WriteBoolean("forcePullImage", c.Docker.ForcePullImage);
            w.WriteBoolean("privileged", c.Docker.Privileged);
            w.WriteStartArray("parameters");
            foreach (DockerParameter p in c.Docker.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("key", p.Key);
                w.WriteString("value", p.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartArray("portMappings");
        foreach (PortMapping m in c.PortMappings)
        {
            w.WriteStartObject();
            w.WriteNumber("containerPort", m.ContainerPort);
            if (m.HostPort is int hostPort)
                w.WriteNumber("hostPort", hostPort);
            w.WriteNumber("servicePort", m.ServicePort);
            w.WriteString("protocol", m.Protocol);
            if (m.Name is not null)
                w.WriteString("name", m.Name);
            if (m.Labels.Count > 0)
                WriteMap(w, "labels", m.Labels);
            if (m.NetworkNames.Count > 0)
                WriteStrings(w, "networkNames", m.NetworkNames);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("volumes");
        foreach (Volume v in c.Volumes)
            WriteVolume(w, v);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteVolume(Utf8JsonWriter w, Volume v)
    {
        w.WriteStartObject();
        w.WriteString("containerPath", v.ContainerPath);
        if (v.HostPath is not null)
            w.WriteString("hostPath", v.HostPath);
        w.WriteString("mode", v.Mode);
        if (v.Persistent is PersistentVolumeInfo p)
        {
            w.WriteStartObject("persistent");
            w.WriteString("type", p.Type);
            w.WriteNumber("size", p.Size);
            if (p.MaxSize is long max)
                w.WriteNumber("maxSize", max);
            if (p.ProfileName is not null)
                w.WriteString("profileName", p.ProfileName);
            w.WriteStartArray("constraints");
            foreach (IReadOnlyList<string> c in p.Constraints)
            {
                w.WriteStartArray();
                foreach (string s in c)
                    w.WriteStringValue(s);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (v.External is ExternalVolumeInfo e)
        {
            w.WriteStartObject("external");
            if (e.Name is not null)
                w.WriteString("name", e.Name);
            if (e.Provider is not null)
                w.WriteString("provider", e.Provider);
            if (e.Size is long size)
                w.WriteNumber("size", size);
            w.WriteBoolean("shared", e.Shared);
            WriteMap(w, "options", e.Options);
            w.WriteEndObject();
        }
        if (v.Secret is not null)
            w.WriteString("secret", v.Secret);
        w.WriteEndObject();
    }
}
