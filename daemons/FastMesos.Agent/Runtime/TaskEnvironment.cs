using System.Globalization;
using System.Text;
using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// The environment a task starts with: the variables Mesos' agent and command executor set
/// (MESOS_*), the ones Marathon users rely on (HOST, PORTS, PORT0..N, PORT when there is exactly
/// one), then the command's own variables, which win over all of them.
/// </summary>
public static class TaskEnvironment
{
    public static Dictionary<string, string> Build(TaskInfo task, FrameworkId frameworkId, AgentId agentId, ExecutorId executorId,
        string sandbox, string hostname, string agentEndpoint, CommandInfo? command)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(sandbox);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MESOS_TASK_ID"] = task.TaskId.Value,
            ["MESOS_FRAMEWORK_ID"] = frameworkId.Value,
            ["MESOS_AGENT_ID"] = agentId.Value,
            ["MESOS_SLAVE_ID"] = agentId.Value,
            ["MESOS_EXECUTOR_ID"] = executorId.Value,
            ["MESOS_SANDBOX"] = sandbox,
            ["MESOS_DIRECTORY"] = sandbox,
            ["MESOS_AGENT_ENDPOINT"] = agentEndpoint,
            ["MESOS_SLAVE_PID"] = "slave(1)@" + agentEndpoint,
            ["HOST"] = hostname,
        };

        List<ulong> ports = Ports(task.Resources);
        if (ports.Count > 0)
        {
            var all = new StringBuilder();
            for (int i = 0; i < ports.Count; i++)
            {
                string port = ports[i].ToString(CultureInfo.InvariantCulture);
                env["PORT" + i.ToString(CultureInfo.InvariantCulture)] = port;
                if (i > 0)
                    all.Append(',');
                all.Append(port);
            }

            env["PORTS"] = all.ToString();
            if (ports.Count == 1)
                env["PORT"] = env["PORT0"];
        }

        if (command is not null)
        {
            foreach (EnvironmentVariable variable in command.Environment)
                env[variable.Name] = variable.Value;
        }

        return env;
    }

    /// <summary>The task's ports in the order its <c>ports</c> ranges list them, each range expanded.</summary>
    public static List<ulong> Ports(Resources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var ports = new List<ulong>();
        foreach (Resource r in resources)
        {
            if (r.Name != "ports" || r.Type != ResourceType.Ranges)
                continue;
            foreach (ValueRange range in r.Ranges)
            {
                // A task asks for a handful of ports; the bound keeps a malformed huge range from exhausting memory.
                for (ulong p = range.Begin; p <= range.End && ports.Count < 65536; p++)
                    ports.Add(p);
            }
        }

        return ports;
    }
}
