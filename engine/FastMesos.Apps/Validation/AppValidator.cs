using System.Text.RegularExpressions;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Validation;

/// <summary>
/// Marathon's app rules (specs/marathon.md §2–§5.4, <c>AppValidation</c>, <c>SchedulingValidation</c>)
/// with its paths and messages. Pure: no cluster state, so the rules that need flags (GPU feature,
/// secrets plugin, default network name, mesos role) take them from <see cref="AppValidationContext"/>.
/// </summary>
public static partial class AppValidator
{
    public const string CmdArgsOrContainer = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";
    public const string ResidentUnreachable = "unreachableStrategy must be disabled for resident tasks";
    public const string SingleInstanceCount = "Single instance app may only have one instance";
    public const string EmptyCmd = "must not be an empty string";
    public const string NotRoot = "must not be root";
    public const string ContainerPathSlash = "value must not contain \"/\"";
    public const string PortsUnique = "Ports must be unique.";
    public const string PortNamesUnique = "Port names must be unique.";
    public const string ServicePortsUnique = "Service ports must be unique.";
    public const string GpuNeedsMesos = "GPU resources only work with the Mesos containerizer";
    public const string ExecutorPattern = @"^(//cmd)|(/?[^/]+(/[^/]+)*)|$";
    public const string SingleInstance = "MARATHON_SINGLE_INSTANCE_APP";

    /// <summary>Validates an app read from JSON: the reader's rule violations, then the model's.</summary>
    public static ValidationResult Validate(AppReadResult read, AppValidationContext? context = null)
    {
        var errors = new ErrorCollector();
        errors.AddAll(read.ValidationErrors);
        if (read.App is not null)
            Collect(read.App, context ?? AppValidationContext.Default, errors, "");
        return errors.ToResult();
    }

    public static ValidationResult Validate(AppDefinition app, AppValidationContext? context = null)
    {
        var errors = new ErrorCollector();
        Collect(app, context ?? AppValidationContext.Default, errors, "");
        return errors.ToResult();
    }

    /// <summary>Adds <paramref name="app"/>'s violations under <paramref name="prefix"/> (e.g. <c>/apps(0)</c>).</summary>
    public static void Collect(AppDefinition app, AppValidationContext context, ErrorCollector errors, string prefix)
    {
        string P(string path) => prefix + path;

        foreach (string e in app.Id.Validate())
            errors.Add(P("/id"), e);
        if (app.Id.IsRoot)
            errors.Add(Rules.Whole(prefix), NotRoot);

        bool hasCmd = app.Cmd is not null, hasArgs = app.Args is not null;
        bool hasContainer = app.Container is not null
            && (app.Container.Type == ContainerType.Mesos || app.Container.Docker is not null);
        if ((hasCmd && hasArgs) || (!hasCmd && !hasArgs && !hasContainer))
            errors.Add(Rules.Whole(prefix), CmdArgsOrContainer);
        // Marathon's check is `cmd.length > 1`, so a one-character command is rejected too.
        if (app.Cmd is { Length: <= 1 })
            errors.Add(Rules.Whole(prefix), EmptyCmd);

        Rules.AtLeast(errors, P("/cpus"), app.Cpus, 0.001);
        Rules.AtLeast(errors, P("/mem"), app.Mem, 0);
        Rules.AtLeast(errors, P("/disk"), app.Disk, 0);
        Rules.AtLeast(errors, P("/gpus"), app.Gpus, 0);
        Rules.AtLeast(errors, P("/instances"), app.Instances, 0);
        Rules.AtLeast(errors, P("/backoffSeconds"), app.BackoffSeconds, 0);
        Rules.AtLeast(errors, P("/backoffFactor"), app.BackoffFactor, 1.0);
        Rules.AtLeast(errors, P("/maxLaunchDelaySeconds"), app.MaxLaunchDelaySeconds, 0);
        if (app.TaskKillGracePeriodSeconds is int grace)
            Rules.AtLeast(errors, P("/taskKillGracePeriodSeconds"), grace, 0);
        if (!ExecutorRegex().IsMatch(app.Executor))
            errors.Add(P("/executor"), "must fully match regular expression '" + ExecutorPattern + "'");
        if (app.Gpus > 0)
        {
            if (!context.GpuResourcesEnabled)
                errors.Add(P("/gpus"), "Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)");
            if (app.Container is { Type: ContainerType.Docker })
                errors.Add(Rules.Whole(prefix), GpuNeedsMesos);
        }

        Strategies(app, errors, prefix);
        ContainerValidator.Collect(app, context, errors, prefix);
        CheckValidator.Collect(app, errors, prefix);
        Roles(app, errors, prefix);
        Misc(app, context, errors, prefix);
    }

    private static void Strategies(AppDefinition app, ErrorCollector errors, string prefix)
    {
        UpgradeStrategy u = app.UpgradeStrategy;
        Rules.Between(errors, prefix + "/upgradeStrategy/minimumHealthCapacity", u.MinimumHealthCapacity, 0, 1);
        Rules.Between(errors, prefix + "/upgradeStrategy/maximumOverCapacity", u.MaximumOverCapacity, 0, 1);
        UnreachableStrategy s = app.UnreachableStrategy;
        if (!s.IsDisabled)
        {
            Rules.AtLeast(errors, prefix + "/unreachableStrategy/inactiveAfterSeconds", s.InactiveAfterSeconds, 0);
            Rules.AtLeast(errors, prefix + "/unreachableStrategy/expungeAfterSeconds", s.ExpungeAfterSeconds, 0);
            if (s.InactiveAfterSeconds > s.ExpungeAfterSeconds)
                errors.Add(prefix + "/unreachableStrategy/inactiveAfterSeconds", "inactiveAfterSeconds must be less or equal to expungeAfterSeconds");
        }
        if (app.IsResident)
            Rules.EqualsZero(errors, prefix + "/upgradeStrategy/maximumOverCapacity", u.MaximumOverCapacity);
        if (app.IsResident && !s.IsDisabled)
            errors.Add(Rules.Whole(prefix), ResidentUnreachable);
        if (app.Labels.TryGetValue(SingleInstance, out string? single) && single == "true")
        {
            if (app.Instances > 1)
                errors.Add(Rules.Whole(prefix), SingleInstanceCount);
            Rules.EqualsZero(errors, prefix + "/upgradeStrategy/minimumHealthCapacity", u.MinimumHealthCapacity);
            Rules.EqualsZero(errors, prefix + "/upgradeStrategy/maximumOverCapacity", u.MaximumOverCapacity);
        }
    }

    private static void Roles(AppDefinition app, ErrorCollector errors, string prefix)
    {
        if (app.AcceptedResourceRoles is not { } roles)
            return;
        string path = prefix + "/acceptedResourceRoles";
        if (roles.Count == 0)
            errors.Add(path, "must not be empty");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string r in roles)
        {
            if (!seen.Add(r))
                errors.Add(path, "elements must be unique");
            else if (r != "*" && app.Role is not null && r != app.Role)
                errors.Add(path, $"acceptedResourceRoles can only contain * and {app.Role}");
        }
    }

    private static void Misc(AppDefinition app, AppValidationContext context, ErrorCollector errors, string prefix)
    {
        for (int i = 0; i < app.Fetch.Count; i++)
        {
            string p = Rules.Index(prefix + "/fetch", i) + "/uri";
            if (app.Fetch[i].Uri.Length == 0)
                errors.Add(p, "must not be empty");
            else if (app.Fetch[i].Uri.Length > 1024)
                errors.Add(p, "URI length must be less than or equal to 1024");
        }
        var seenDeps = new HashSet<PathId>();
        for (int i = 0; i < app.Dependencies.Count; i++)
        {
            string p = Rules.Index(prefix + "/dependencies", i);
            foreach (string e in app.Dependencies[i].Validate())
                errors.Add(p, e);
            if (!seenDeps.Add(app.Dependencies[i]))
                errors.Add(prefix + "/dependencies", "elements must be unique");
        }
        foreach (KeyValuePair<string, EnvValue> kv in app.Env)
        {
            if (kv.Value.Secret is string secret && !app.Secrets.ContainsKey(secret))
                errors.Add(prefix + "/env/" + kv.Key, "references an undefined secret named '" + secret + "'");
        }
        if (app.Secrets.Count > 0 && !context.SecretsEnabled)
            errors.Add(prefix + "/secrets", "Feature secrets is not enabled. Enable with --enable_features secrets)");
        if (app.ResourceLimits is { } limits)
        {
            if (limits.Cpus is double cpus && cpus < app.Cpus)
                errors.Add(prefix + "/resourceLimits/cpus", "resource limit must be greater than or equal to requested resource amount");
            if (limits.Mem is double mem && mem < app.Mem)
                errors.Add(prefix + "/resourceLimits/mem", "resource limit must be greater than or equal to requested resource amount");
        }
    }

    // Marathon matches the pattern fully (Java Matcher.matches), hence the outer anchors.
    [GeneratedRegex("^(?:" + ExecutorPattern + ")$", RegexOptions.CultureInvariant)]
    private static partial Regex ExecutorRegex();
}
