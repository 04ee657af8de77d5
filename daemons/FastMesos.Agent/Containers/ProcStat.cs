namespace FastMesos.Agent.Containers;

/// <summary>
/// The fields of <c>/proc/PID/stat</c> the containerizer uses. <see cref="StartTicks"/> (field 22,
/// clock ticks since boot) together with the pid names one process for its whole life: a later
/// process that reuses the pid has a different start time.
/// </summary>
internal readonly record struct ProcStat(int Pid, char State, int Session, long UserTicks, long SystemTicks, long StartTicks, long RssPages)
{
    /// <summary>A zombie has exited; it only waits for its parent (or init) to reap it.</summary>
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>Reads /proc/PID/stat, or null when the process does not exist.</summary>
    public static ProcStat? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return Parse(pid, text);
    }

    /// <summary>
    /// Parses the stat line. The command name (field 2) is in parentheses and may itself hold spaces
    /// and parentheses, so fields are counted from the LAST ')'.
    /// </summary>
    public static ProcStat? Parse(int pid, string text)
    {
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        // After ") " come fields 3.. : index 0 = field 3 (state).
        string[] f = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 22)
        {
            return null;
        }
        return new ProcStat(pid, f[0][0], int.Parse(f[3]), long.Parse(f[11]), long.Parse(f[12]), long.Parse(f[19]), long.Parse(f[21]));
    }

    /// <summary>True when <paramref name="pid"/> is the same live (non-zombie) process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsAlive(int pid, long startTicks)
    {
        ProcStat? stat = TryRead(pid);
        return stat is { } s && !s.IsZombie && s.StartTicks == startTicks;
    }

    /// <summary>Live members of session <paramref name="session"/> other than <paramref name="exclude"/>: the container's processes when there are no cgroups.</summary>
    public static List<int> SessionMembers(int session, int exclude)
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == exclude)
            {
                continue;
            }
            if (TryRead(pid) is { } s && s.Session == session && !s.IsZombie)
            {
                pids.Add(pid);
            }
        }
        return pids;
    }
}
