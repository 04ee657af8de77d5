using System.Diagnostics;
using FastMesos.Messages;

namespace FastMesos.Agent.Containers;

/// <summary>
/// The small <c>/bin/sh</c> wrapper every container runs under. It is what lets a task outlive the
/// agent: it runs in its own session (setsid), holds no pipe to the agent once started, and records
/// the command's exit status in a file, so a restarted agent can still learn how the task ended.
/// <para>
/// Protocol: the wrapper (1) points stdin at /dev/null and stderr at the sandbox's <c>stderr</c>;
/// (2) writes its own pid into each container cgroup.procs, so everything it starts is inside the
/// limits from the first instruction; (3) protects itself from the OOM killer (the command gets the
/// agent's score back) so the status is always recorded; (4) prints <c>ready</c> (or <c>error: ...</c>)
/// on stdout, the only pipe to the agent, and then moves stdout to the sandbox's <c>stdout</c>;
/// (5) runs the command as its child in the sandbox; (6) writes <c>$?</c> (128+N for signal N) to
/// <c>META/status</c> and exits with it.
/// </para>
/// </summary>
internal static class Launcher
{
    /// <summary>The first line the wrapper prints once it is inside its cgroups.</summary>
    public const string ReadyLine = "ready";

    /// <summary>The status file inside the container's runtime directory.</summary>
    public const string StatusFile = "status";

    // Variables are prefixed so they cannot shadow a task's own environment variables, which the
    // command inherits from this shell.
    const string Script = """
        exec </dev/null 2>>"$2/stderr"
        __fm_meta=$1
        __fm_sandbox=$2
        __fm_n=$3
        shift 3
        while [ "$__fm_n" -gt 0 ]; do
          echo $$ >"$1" || { echo "error: cannot join cgroup $1"; exit 125; }
          shift
          __fm_n=$((__fm_n - 1))
        done
        __fm_adj=0
        read -r __fm_adj </proc/self/oom_score_adj 2>/dev/null
        echo -1000 >/proc/self/oom_score_adj 2>/dev/null
        cd "$__fm_sandbox" || { echo "error: cannot enter sandbox $__fm_sandbox"; exit 125; }
        echo ready
        exec >>"$__fm_sandbox/stdout"
        ( echo "$__fm_adj" >/proc/self/oom_score_adj 2>/dev/null; exec "$@" )
        __fm_status=$?
        echo "$__fm_status" >"$__fm_meta/status"
        exit "$__fm_status"
        """;

    /// <summary>The environment when a launch has no PATH (Mesos' host default path).</summary>
    const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// The start info for the wrapper. Argv form follows Mesos' <c>execlp(value, arguments[0], arguments[1], ...)</c>:
    /// <c>Arguments[0]</c> is argv[0], which a POSIX shell cannot set, so the command runs as
    /// <c>Value Arguments[1..]</c>. With <paramref name="user"/> the command runs through setpriv as that user.
    /// </summary>
    public static ProcessStartInfo StartInfo(ContainerLaunch launch, string metaDirectory, IReadOnlyList<string> procsFiles, (uint Uid, uint Gid)? user)
    {
        string setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/setsid";
        var psi = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            RedirectStandardError = false,
            WorkingDirectory = launch.SandboxDirectory,
        };
        var args = psi.ArgumentList;
        args.Add("/bin/sh");
        args.Add("-c");
        args.Add(Script);
        args.Add("fastmesos-launcher");
        args.Add(metaDirectory);
        args.Add(launch.SandboxDirectory);
        args.Add(procsFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string file in procsFiles)
        {
            args.Add(file);
        }
        if (user is { } u)
        {
            // setpriv execs the command with the user's ids; the wrapper (its parent) keeps its own.
            args.Add(File.Exists("/usr/bin/setpriv") ? "/usr/bin/setpriv" : "/bin/setpriv");
            args.Add("--reuid=" + u.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            args.Add("--regid=" + u.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            args.Add("--init-groups");
            args.Add("--");
        }
        AddCommand(args, launch.Command);

        psi.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            psi.Environment[name] = value;
        }
        foreach (EnvironmentVariable variable in launch.Command.Environment)
        {
            psi.Environment.TryAdd(variable.Name, variable.Value);
        }
        psi.Environment.TryAdd("PATH", DefaultPath);
        return psi;
    }

    static void AddCommand(System.Collections.ObjectModel.Collection<string> args, CommandInfo command)
    {
        if (string.IsNullOrEmpty(command.Value))
        {
            throw new ContainerLaunchException("Failed to launch container: the command has no value");
        }
        if (command.Shell)
        {
            args.Add("/bin/sh");
            args.Add("-c");
            args.Add(command.Value);
            return;
        }
        args.Add(command.Value);
        for (int i = 1; i < command.Arguments.Count; i++)
        {
            args.Add(command.Arguments[i]);
        }
    }
}
