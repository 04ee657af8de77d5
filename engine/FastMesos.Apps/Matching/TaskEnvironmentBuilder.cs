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
        env["MARATHON_APP_ID"] = task.AppId;
        env["MARATHON_APP_VERSION"] = task.Version;
        if (!string.IsNullOrEmpty(task.DockerImage))
            env["MARATHON_APP_DOCKER_IMAGE"] = task.DockerImage;
        env["MARATHON_APP_RESOURCE_CPUS"] = JavaNumberFormat.Double(task.Cpus);
        env["MARATHON_APP_RESOURCE_MEM"] = JavaNumberFormat.Double(task.Mem);
        env["MARATHON_APP_RESOURCE_DISK"] = JavaNumberFormat.Double(task.Disk);
        env["MARATHON_APP_RESOURCE_GPUS"] = task.Gpus.ToString(CultureInfo.InvariantCulture);
        AddLabels(env, task.Labels);
        return env;
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
            env[prefix + "PORT" + i.ToString(CultureInfo.InvariantCulture)] = port;
            if (i > 0)
                all.Append(',');
            all.Append(port);
            int declared = i < task.DeclaredPorts.Count ? task.DeclaredPorts[i] : 0;
            if (declared != 0)
                env[prefix + "PORT_" + declared.ToString(CultureInfo.InvariantCulture)] = port;
            string? name = i < task.PortNames.Count ? task.PortNames[i] : null;
            if (!string.IsNullOrEmpty(name))
                env[prefix + "PORT_" + name.ToUpperInvariant()] = port;
        }
        env[prefix + "PORT"] = ports[0].ToString(CultureInfo.InvariantCulture);
        env[prefix + "PORTS"] = all.ToString();
    }

    // Marathon drops a label whose name would make the variable name too long or whose value is too long.
    private static void AddLabels(Dictionary<string, string> env, IReadOnlyList<KeyValuePair<string, string>> labels)
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
