using System.Globalization;
using System.Net;
using System.Text;
using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting;

/// <summary>
/// What a daemon learns about its machine: CPUs, memory, disk, hostname, and from them the
/// resources a Mesos agent advertises when <c>--resources</c> leaves some out.
/// </summary>
public static class HostInfo
{
    // Mesos src/slave/constants.hpp: DEFAULT_CPUS, DEFAULT_MEM, DEFAULT_DISK, DEFAULT_PORTS.
    public const int DefaultCpus = 1;
    public const long DefaultMemoryBytes = MesosBytes.Gigabyte;
    public const long DefaultDiskBytes = 10 * MesosBytes.Gigabyte;
    public const string DefaultPorts = "[31000-32000]";

    /// <summary>
    /// CPUs this process may use: <see cref="Environment.ProcessorCount"/>, which .NET already
    /// lowers to a cgroup CPU quota (and an affinity mask) when one is set. Mesos' <c>os::cpus()</c>
    /// counts online cores; in a quota-limited container the quota is the honest number.
    /// </summary>
    public static int CpuCount => Environment.ProcessorCount;

    /// <summary>The machine's host name (<c>gethostname</c>).</summary>
    public static string Hostname => Dns.GetHostName();

    /// <summary>Total memory from <c>/proc/meminfo</c> (<c>MemTotal</c>), or null where it cannot be read.</summary>
    public static long? TotalMemoryBytes()
    {
        try
        {
            return ParseMemTotal(File.ReadAllText("/proc/meminfo"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The <c>MemTotal</c> line of <c>/proc/meminfo</c> text in bytes, or null when absent or malformed.</summary>
    public static long? ParseMemTotal(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (string raw in meminfo.Split('\n'))
        {
            // "MemTotal:       16318572 kB"
            if (!raw.StartsWith("MemTotal:", StringComparison.Ordinal))
                continue;
            string[] parts = raw["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB"
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) && kb <= long.MaxValue / 1024)
                return kb * 1024;
            return null;
        }
        return null;
    }

    /// <summary>Size of the filesystem holding <paramref name="path"/> (statvfs blocks × fragment size), or null.</summary>
    public static long? DiskTotalBytes(string path) => Drive(path)?.TotalSize;

    /// <summary>Space available to this user on the filesystem holding <paramref name="path"/>, or null.</summary>
    public static long? DiskFreeBytes(string path) => Drive(path)?.AvailableFreeSpace;

    /// <summary>
    /// The agent's resources as Mesos computes them (<c>containerizerResources</c> in
    /// <c>src/slave/containerizer/containerizer.cpp</c>; mesos.md §1.1, constants §1.9): the
    /// <c>--resources</c> text, plus each of <c>cpus</c>, <c>mem</c>, <c>disk</c>, <c>ports</c>
    /// whose name does not appear in it (a substring test, as Mesos does, so <c>cpus(web):2</c>
    /// counts as given). Detected here on this machine, disk from the filesystem of <paramref name="workDir"/>.
    /// </summary>
    public static string AgentResources(string? resourcesFlag, string workDir) =>
        AgentResources(resourcesFlag, CpuCount, TotalMemoryBytes(), DiskTotalBytes(workDir));

    /// <summary>
    /// The same computation from given figures; a null figure means detection failed and the Mesos
    /// default is used. The rules:
    /// <list type="bullet">
    /// <item>cpus = the CPU count (1 when unknown);</item>
    /// <item>mem = total − 1 GB when total ≥ 2 GB, else total / 2 (1 GB when unknown);</item>
    /// <item>disk = total − 5 GB when total ≥ 10 GB, else total / 2 (10 GB when unknown) — the
    /// <em>size</em> of the work directory's filesystem, not its free space, as Mesos' <c>fs::size</c>;</item>
    /// <item>ports = <c>[31000-32000]</c>.</item>
    /// </list>
    /// mem and disk are whole megabytes (Mesos prints the exact, possibly fractional, megabytes; a
    /// fraction of a megabyte is noise in an offer).
    /// </summary>
    public static string AgentResources(string? resourcesFlag, int? cpus, long? memoryBytes, long? diskBytes)
    {
        string given = (resourcesFlag ?? "").Trim().TrimEnd(';');
        var sb = new StringBuilder(given);
        if (!given.Contains("cpus", StringComparison.Ordinal))
            Append(sb, "cpus", (cpus is > 0 ? cpus.Value : DefaultCpus).ToString(CultureInfo.InvariantCulture));
        if (!given.Contains("mem", StringComparison.Ordinal))
        {
            long mem = memoryBytes is not { } total ? DefaultMemoryBytes
                : total >= 2 * MesosBytes.Gigabyte ? total - MesosBytes.Gigabyte
                : total / 2;
            Append(sb, "mem", Megabytes(mem));
        }
        if (!given.Contains("disk", StringComparison.Ordinal))
        {
            long disk = diskBytes is not { } total ? DefaultDiskBytes
                : total >= 10 * MesosBytes.Gigabyte ? total - 5 * MesosBytes.Gigabyte
                : total / 2;
            Append(sb, "disk", Megabytes(disk));
        }
        if (!given.Contains("ports", StringComparison.Ordinal))
            Append(sb, "ports", DefaultPorts);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string name, string value)
    {
        if (sb.Length > 0)
            sb.Append(';');
        sb.Append(name).Append(':').Append(value);
    }

    private static string Megabytes(long bytes) => (bytes / MesosBytes.Megabyte).ToString(CultureInfo.InvariantCulture);

    private static DriveInfo? Drive(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            _ = drive.TotalSize; // throws here, not in the caller, when the path does not exist
            return drive;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
