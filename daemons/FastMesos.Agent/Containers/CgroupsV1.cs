using System.Globalization;

namespace FastMesos.Agent.Containers;

/// <summary>
/// cgroups v1 plumbing: where this process's own cgroup is per controller, and the small file
/// reads and writes the isolators need. Every cgroup FastMesos creates lives beneath the process's
/// own cgroup (DESIGN.md §7), so it is right under systemd, inside a container and on a bare host.
/// </summary>
public static class CgroupsV1
{
    /// <summary>Parses an <c>--isolation</c> value; unknown or posix isolators add nothing.</summary>
    public static CgroupIsolation ParseIsolation(string? isolation)
    {
        var result = CgroupIsolation.None;
        if (string.IsNullOrWhiteSpace(isolation))
        {
            return result;
        }
        foreach (string part in isolation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part switch
            {
                "cgroups/cpu" => CgroupIsolation.Cpu,
                "cgroups/mem" => CgroupIsolation.Memory,
                "cgroups/all" => CgroupIsolation.Cpu | CgroupIsolation.Memory,
                _ => CgroupIsolation.None,
            };
        }
        return result;
    }

    /// <summary>
    /// Controller → this process's cgroup path from /proc/self/cgroup text
    /// (<c>4:memory:/a/b</c>; <c>1:cpu,cpuacct:/</c> gives both names). The v2 line (<c>0::/</c>) is skipped.
    /// </summary>
    public static Dictionary<string, string> ParseProcCgroup(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int first = line.IndexOf(':');
            int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0)
            {
                continue;
            }
            string controllers = line[(first + 1)..second];
            string path = line[(second + 1)..];
            foreach (string c in controllers.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                map[c] = path;
            }
        }
        return map;
    }

    /// <summary>
    /// Controller → (mount point, root of the mount inside the hierarchy) for every cgroup v1 mount in
    /// /proc/self/mountinfo text. The root matters inside containers, where the hierarchy is mounted
    /// from the container's own cgroup rather than from <c>/</c>.
    /// </summary>
    public static Dictionary<string, (string MountPoint, string Root)> ParseMountInfo(string text)
    {
        var map = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0)
            {
                continue;
            }
            string[] left = line[..dash].Split(' ');
            string[] right = line[(dash + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 3 || right[0] != "cgroup")
            {
                continue;
            }
            string root = Unescape(left[3]);
            string mountPoint = Unescape(left[4]);
            foreach (string option in right[2].Split(','))
            {
                if (option is "rw" or "ro" || option.StartsWith("name=", StringComparison.Ordinal) || option.Contains('='))
                {
                    continue;
                }
                map.TryAdd(option, (mountPoint, root));
            }
        }
        return map;
    }

    /// <summary>
    /// The absolute directory of this process's own cgroup for <paramref name="controller"/>, or null
    /// when the controller is not mounted as cgroup v1 (or the process sits outside the mounted subtree).
    /// </summary>
    public static string? OwnCgroupDirectory(string controller, string procCgroupText, string mountInfoText)
    {
        if (!ParseProcCgroup(procCgroupText).TryGetValue(controller, out string? path)
            || !ParseMountInfo(mountInfoText).TryGetValue(controller, out var mount))
        {
            return null;
        }
        string relative;
        if (mount.Root == "/")
        {
            relative = path;
        }
        else if (path == mount.Root || path.StartsWith(mount.Root + "/", StringComparison.Ordinal))
        {
            relative = path[mount.Root.Length..];
        }
        else
        {
            return null;
        }
        return Path.Join(mount.MountPoint, relative.TrimStart('/'));
    }

    /// <summary>Writes one value into a control file (no trailing newline needed).</summary>
    public static void Write(string directory, string file, string value) =>
        File.WriteAllText(Path.Join(directory, file), value);

    /// <summary>Writes an integer into a control file.</summary>
    public static void Write(string directory, string file, long value) =>
        Write(directory, file, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads an integer control file; null when it is missing or unreadable.</summary>
    public static long? ReadLong(string directory, string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(Path.Join(directory, file)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads a flat keyed file (cpuacct.stat, memory.stat, memory.oom_control): the value of <paramref name="key"/>, or null.</summary>
    public static long? ReadKey(string directory, string file, string key)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Join(directory, file));
        }
        catch (IOException)
        {
            return null;
        }
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ');
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key)
                && long.TryParse(line.AsSpan(space + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>The pids in a cgroup's cgroup.procs (empty when the cgroup is gone).</summary>
    public static List<int> ReadProcs(string directory)
    {
        var pids = new List<int>();
        string text;
        try
        {
            text = File.ReadAllText(Path.Join(directory, "cgroup.procs"));
        }
        catch (IOException)
        {
            return pids;
        }
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    /// <summary>
    /// Removes a cgroup directory (rmdir: a cgroup's control files cannot be deleted one by one).
    /// True when it is gone; false while tasks still hold it (EBUSY).
    /// </summary>
    public static bool TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    static string Unescape(string s)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';
}
