using FastMesos.Agent.Containers;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// The cgroups a test's agents create: each agent gets a cgroups root named with the test's unique
/// prefix beneath this process's own cgroup (child agent processes inherit it), so a test can list
/// its task processes and remove everything it left, never touching another test's cgroups.
/// </summary>
internal static class TestCgroups
{
    private static readonly string[] Controllers = ["cpu", "cpuacct", "memory"];

    /// <summary>This process's own cgroup directory for each mounted v1 controller.</summary>
    public static List<string> OwnDirectories()
    {
        string procCgroup = File.ReadAllText("/proc/self/cgroup");
        string mountInfo = File.ReadAllText("/proc/self/mountinfo");
        var dirs = new List<string>();
        foreach (string controller in Controllers)
        {
            if (CgroupsV1.OwnCgroupDirectory(controller, procCgroup, mountInfo) is { } dir && Directory.Exists(dir) && !dirs.Contains(dir))
                dirs.Add(dir);
        }

        return dirs;
    }

    /// <summary>The cgroup roots of the test (directories named <paramref name="prefix"/>*).</summary>
    public static List<string> Roots(string prefix)
    {
        var roots = new List<string>();
        foreach (string dir in OwnDirectories())
            roots.AddRange(Directory.GetDirectories(dir, prefix + "*"));
        return roots;
    }

    /// <summary>Every live (non-zombie) process in the test's cgroups.</summary>
    public static List<int> Pids(string prefix)
    {
        var pids = new List<int>();
        foreach (string root in Roots(prefix))
        {
            foreach (string dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Append(root))
            {
                foreach (int pid in CgroupsV1.ReadProcs(dir))
                {
                    if (IsAlive(pid) && !pids.Contains(pid))
                        pids.Add(pid);
                }
            }
        }

        return pids;
    }

    /// <summary>
    /// Waits for the task process running <c>sleep</c> in the test's cgroups and returns its pid. Only
    /// that process is followed: right after TASK_RUNNING the cgroup may still hold a short-lived
    /// launcher or shell, so a snapshot of every pid is not stable.
    /// </summary>
    public static async Task<int> SleepPidAsync(string prefix)
    {
        int found = 0;
        await Eventually.Until(() =>
        {
            foreach (int pid in Pids(prefix))
            {
                if (CommandLine(pid).StartsWith("sleep ", StringComparison.Ordinal))
                {
                    found = pid;
                    return true;
                }
            }

            return false;
        }, "a sleep process in the test's cgroups");
        return found;
    }

    /// <summary>Waits until the test's cgroups hold <paramref name="count"/> <c>sleep</c> task processes and returns their pids.</summary>
    public static async Task<List<int>> SleepPidsAsync(string prefix, int count)
    {
        var found = new List<int>();
        await Eventually.Until(() =>
        {
            found.Clear();
            foreach (int pid in Pids(prefix))
            {
                if (CommandLine(pid).StartsWith("sleep ", StringComparison.Ordinal))
                    found.Add(pid);
            }

            return found.Count == count;
        }, $"{count} sleep processes in the test's cgroups");
        return found;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>True while the process exists and has not exited (a zombie nobody reaped counts as gone).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Kills every process in the test's cgroups and removes them (bounded; leftovers are reported).</summary>
    public static async Task KillAndRemoveAsync(string prefix)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            foreach (int pid in Pids(prefix))
                Kill(pid);
            bool allGone = true;
            foreach (string root in Roots(prefix))
            {
                // Children first: rmdir only works on a cgroup without sub-cgroups and processes.
                string[] dirs = Directory.GetDirectories(root, "*", SearchOption.AllDirectories);
                Array.Sort(dirs, static (a, b) => b.Length.CompareTo(a.Length));
                foreach (string dir in dirs)
                    CgroupsV1.TryRemove(dir);
                allGone &= CgroupsV1.TryRemove(root);
            }

            if (allGone || DateTime.UtcNow > deadline)
                return;
            await Task.Delay(20);
        }
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
