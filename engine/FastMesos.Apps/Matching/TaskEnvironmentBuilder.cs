using System.Globalization;
using System.Text;

namespace FastMesos.Apps.Matching;

/// <summary>
/// The environment Marathon gives each task (specs/marathon.md §2 "Task env"; Marathon's task
/// environment docs): <c>PORT0..</c>, <c>PORT</c>, <c>PORTS</c>, <c>PORT_&lt;declared&gt;</c>,
/// <c>PORT_&lt;NAME&gt;</c> (these take <c>--env_vars_prefix</c>), <c>HOST</c>, <c>MESOS_TASK_ID</c>,
/// <c>MARATHON_APP_ID|VERSION|DOCKER_IMAGE</c>, <c>MARATHON_APP_RESOURCE_CPUS|MEM|DISK|GPUS</c> (Java
/// number text: <c>1.0</c>, <c>128.0</c>), <c>MARATHON_APP_LABELS</c> and <c>MARATHON_APP_LABEL_&lt;NAME&gt;</c>.
/// The app's own <c>env</c> is merged by the caller. Runs once per launched task, not per offer.
/// </summary>
public static class TaskEnvironmentBuilder
{
    /// <summary>Marathon's limit on a label variable; the name (prefix included) and the value must stay below it.</summary>
    public const int MaxVariableLength = 512;

    public const string LabelPrefix = "MARATHON_APP_LABEL_";

    public static Dictionary<string, string> Build(TaskEnvironment task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        AddPorts(env, task);
        env["HOST"] = task.Host;
        env["MESOS_TASK_ID"] = task.TaskId;
        AddAppVariables(env, task);
        return env;
    }

    /// <summary>
    /// The variables every task of one app version shares (<c>MARATHON_APP_*</c>, labels): what a
    /// launcher computes once per version instead of once per task. <see cref="TaskEnvironment.TaskId"/>,
    /// <see cref="TaskEnvironment.Host"/> and the ports are not read.
    /// </summary>
    public static void AddAppVariables(IDictionary<string, string> env, TaskEnvironment app)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(app);
        env["MARATHON_APP_ID"] = app.AppId;
        env["MARATHON_APP_VERSION"] = app.Version;
        if (!string.IsNullOrEmpty(app.DockerImage))
            env["MARATHON_APP_DOCKER_IMAGE"] = app.DockerImage;
        env["MARATHON_APP_RESOURCE_CPUS"] = JavaNumberFormat.Double(app.Cpus);
        env["MARATHON_APP_RESOURCE_MEM"] = JavaNumberFormat.Double(app.Mem);
        env["MARATHON_APP_RESOURCE_DISK"] = JavaNumberFormat.Double(app.Disk);
        env["MARATHON_APP_RESOURCE_GPUS"] = app.Gpus.ToString(CultureInfo.InvariantCulture);
        AddLabels(env, app.Labels);
    }

    /// <summary>
    /// The names the <paramref name="index"/>-th host port is published under, in order:
    /// <c>PORT&lt;index&gt;</c>, then <c>PORT_&lt;declared&gt;</c> when a port is declared, then
    /// <c>PORT_&lt;NAME&gt;</c> when it is named; each with <paramref name="prefix"/>.
    /// </summary>
    public static string[] PortVariableNames(int index, int declared, string? name, string? prefix)
    {
        prefix ??= "";
        int count = 1 + (declared != 0 ? 1 : 0) + (string.IsNullOrEmpty(name) ? 0 : 1);
        var names = new string[count];
        names[0] = prefix + "PORT" + index.ToString(CultureInfo.InvariantCulture);
        int next = 1;
        if (declared != 0)
            names[next++] = prefix + "PORT_" + declared.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(name))
            names[next] = prefix + "PORT_" + name.ToUpperInvariant();
        return names;
    }

    /// <summary>A label name as a variable suffix: every run of characters outside <c>[A-Za-z0-9_]</c> becomes one <c>_</c>, then upper case.</summary>
    public static string SanitizeLabelName(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool inRun = false;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                sb.Append(char.ToUpperInvariant(c));
                inRun = false;
            }
            else if (!inRun)
            {
                sb.Append('_');
                inRun = true;
            }
        }
        return sb.ToString();
    }

    private static void AddPorts(Dictionary<string, string> env, TaskEnvironment task)
    {
        IReadOnlyList<ulong> ports = task.HostPorts;
        if (ports.Count == 0)
            return;
        string prefix = task.EnvVarsPrefix ?? "";
        var all = new StringBuilder();
        for (int i = 0; i < ports.Count; i++)
        {
            string port = ports[i].ToString(CultureInfo.InvariantCulture);
            int declared = i < task.DeclaredPorts.Count ? task.DeclaredPorts[i] : 0;
            string? name = i < task.PortNames.Count ? task.PortNames[i] : null;
            foreach (string variable in PortVariableNames(i, declared, name, prefix))
                env[variable] = port;
            if (i > 0)
                all.Append(',');
            all.Append(port);
        }
        env[prefix + "PORT"] = ports[0].ToString(CultureInfo.InvariantCulture);
        env[prefix + "PORTS"] = all.ToString();
    }

    // Marathon drops a label whose name would make the variable name too long or whose value is too long.
    private static void AddLabels(IDictionary<string, string> env, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var names = new StringBuilder();
        foreach (KeyValuePair<string, string> label in labels)
        {
            if (label.Key.Length >= MaxVariableLength - LabelPrefix.Length || label.Value.Length >= MaxVariableLength)
                continue;
            string name = SanitizeLabelName(label.Key);
            if (names.Length > 0)
                names.Append(' ');
            names.Append(name);
            env[LabelPrefix + name] = label.Value;
        }
        env["MARATHON_APP_LABELS"] = names.ToString();
    }
}
