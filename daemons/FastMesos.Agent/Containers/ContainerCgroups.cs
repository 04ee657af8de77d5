namespace FastMesos.Agent.Containers;

/// <summary>
/// One container's cgroups: controller → directory (cpu, cpuacct, memory; cpu and cpuacct may be the
/// same directory when co-mounted). Built at launch or from a checkpoint after an agent restart.
/// </summary>
internal sealed class ContainerCgroups(IReadOnlyDictionary<string, string> directories)
{
    /// <summary>Mesos' floor for cpu.shares and the CFS quota, and its default CFS period.</summary>
    const long MinShares = 2, CfsPeriodUs = 100_000, MinCfsQuotaUs = 1_000;

    /// <summary>Mesos' minimum memory limit (MIN_MEMORY in the cgroups memory isolator).</summary>
    public const long MinMemoryBytes = 32L << 20;

    public IReadOnlyDictionary<string, string> Directories { get; } = directories;

    string? Cpu => Directories.GetValueOrDefault("cpu");
    string? CpuAcct => Directories.GetValueOrDefault("cpuacct") ?? Cpu;
    string? Memory => Directories.GetValueOrDefault("memory");

    /// <summary>Each distinct directory once (co-mounted controllers share one).</summary>
    public List<string> DistinctDirectories()
    {
        var list = new List<string>(Directories.Count);
        foreach (string dir in Directories.Values)
        {
            if (!list.Contains(dir))
            {
                list.Add(dir);
            }
        }
        return list;
    }

    /// <summary>The cgroup.procs files the launcher writes its own pid into.</summary>
    public List<string> ProcsFiles()
    {
        var list = DistinctDirectories();
        for (int i = 0; i < list.Count; i++)
        {
            list[i] = Path.Join(list[i], "cgroup.procs");
        }
        return list;
    }

    /// <summary>
    /// Writes the limits: cpu.shares = max(2, 1024 × cpus); with <paramref name="cfsQuota"/> a quota of
    /// cpus × 100 ms per 100 ms period; memory.limit_in_bytes (and the soft limit) = max(32 MiB, bytes) when bytes &gt; 0.
    /// </summary>
    public void Apply(double cpus, bool cfsQuota, long memoryBytes)
    {
        try
        {
            if (Cpu is { } cpu)
            {
                CgroupsV1.Write(cpu, "cpu.shares", Math.Max(MinShares, (long)(1024 * cpus)));
                if (cfsQuota && cpus > 0)
                {
                    CgroupsV1.Write(cpu, "cpu.cfs_period_us", CfsPeriodUs);
                    CgroupsV1.Write(cpu, "cpu.cfs_quota_us", Math.Max(MinCfsQuotaUs, (long)(cpus * CfsPeriodUs)));
                }
            }
            if (Memory is { } memory && memoryBytes > 0)
            {
                long limit = Math.Max(MinMemoryBytes, memoryBytes);
                CgroupsV1.Write(memory, "memory.limit_in_bytes", limit);
                CgroupsV1.Write(memory, "memory.soft_limit_in_bytes", limit);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerLaunchException($"Failed to set cgroup limits: {e.Message}", e);
        }
    }

    /// <summary>Every pid in any of the container's cgroups.</summary>
    public List<int> Processes()
    {
        var pids = new List<int>();
        foreach (string dir in DistinctDirectories())
        {
            foreach (int pid in CgroupsV1.ReadProcs(dir))
            {
                if (!pids.Contains(pid))
                {
                    pids.Add(pid);
                }
            }
        }
        return pids;
    }

    /// <summary>The CPU limit as configured: the CFS quota when set, else shares / 1024; null without a cpu cgroup.</summary>
    public double? CpusLimit()
    {
        if (Cpu is not { } cpu)
        {
            return null;
        }
        long? quota = CgroupsV1.ReadLong(cpu, "cpu.cfs_quota_us");
        long? period = CgroupsV1.ReadLong(cpu, "cpu.cfs_period_us");
        if (quota > 0 && period > 0)
        {
            return (double)quota.Value / period.Value;
        }
        return CgroupsV1.ReadLong(cpu, "cpu.shares") is { } shares ? shares / 1024.0 : null;
    }

    /// <summary>User and system CPU seconds from cpuacct.stat (USER_HZ ticks), or null without cpuacct.</summary>
    public (double User, double System)? CpuTimes()
    {
        if (CpuAcct is not { } dir || CgroupsV1.ReadKey(dir, "cpuacct.stat", "user") is not { } user)
        {
            return null;
        }
        long system = CgroupsV1.ReadKey(dir, "cpuacct.stat", "system") ?? 0;
        return (user / (double)ProcessContainerizer.UserHz, system / (double)ProcessContainerizer.UserHz);
    }

    /// <summary>Resident memory (memory.stat total_rss, else usage_in_bytes), the peak and the limit; null without a memory cgroup.</summary>
    public (long Rss, long MaxUsage, long Limit)? MemoryFigures()
    {
        if (Memory is not { } dir)
        {
            return null;
        }
        long rss = CgroupsV1.ReadKey(dir, "memory.stat", "total_rss") ?? CgroupsV1.ReadLong(dir, "memory.usage_in_bytes") ?? 0;
        return (rss, CgroupsV1.ReadLong(dir, "memory.max_usage_in_bytes") ?? 0, CgroupsV1.ReadLong(dir, "memory.limit_in_bytes") ?? 0);
    }

    /// <summary>
    /// Whether the memory cgroup's OOM killer fired: the oom_kill counter of memory.oom_control
    /// (kernel 4.13+), else under_oom on older kernels.
    /// </summary>
    public bool OomKilled()
    {
        if (Memory is not { } dir)
        {
            return false;
        }
        if (CgroupsV1.ReadKey(dir, "memory.oom_control", "oom_kill") is { } kills)
        {
            return kills > 0;
        }
        return CgroupsV1.ReadKey(dir, "memory.oom_control", "under_oom") > 0;
    }

    /// <summary>Removes every directory now; true when all are gone.</summary>
    public bool TryRemoveNow()
    {
        bool all = true;
        foreach (string dir in DistinctDirectories())
        {
            all &= CgroupsV1.TryRemove(dir);
        }
        return all;
    }
}
