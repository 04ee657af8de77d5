namespace FastMesos.Agent.Containers;

/// <summary>Which cgroups v1 isolators are on (Mesos <c>--isolation</c>).</summary>
[Flags]
public enum CgroupIsolation
{
    /// <summary><c>posix/cpu,posix/mem</c> or empty: accounting from /proc only, no enforcement.</summary>
    None = 0,

    /// <summary><c>cgroups/cpu</c>: cpu.shares (and the CFS quota when asked), usage from cpuacct.</summary>
    Cpu = 1,

    /// <summary><c>cgroups/mem</c>: memory.limit_in_bytes and OOM detection.</summary>
    Memory = 2,
}
