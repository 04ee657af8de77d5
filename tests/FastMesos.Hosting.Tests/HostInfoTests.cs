using FastMesos.Messages;

namespace FastMesos.Hosting.Tests;

public class HostInfoTests
{
    private const long GB = 1L << 30;

    [Fact]
    public void Reads_sane_values_from_this_machine()
    {
        Assert.InRange(HostInfo.CpuCount, 1, 4096);
        Assert.False(string.IsNullOrWhiteSpace(HostInfo.Hostname));
        long? mem = HostInfo.TotalMemoryBytes();
        Assert.NotNull(mem);
        Assert.InRange(mem.Value, 64L << 20, 64L << 40);

        string dir = Path.GetTempPath();
        long? total = HostInfo.DiskTotalBytes(dir);
        long? free = HostInfo.DiskFreeBytes(dir);
        Assert.NotNull(total);
        Assert.NotNull(free);
        Assert.InRange(free.Value, 0, total.Value);
    }

    [Fact]
    public void Disk_of_a_missing_path_is_unknown()
    {
        Assert.Null(HostInfo.DiskTotalBytes("/nonexistent/fastmesos/" + Guid.NewGuid()));
    }

    [Theory]
    [InlineData("MemTotal:       16318572 kB\nMemFree:  1 kB\n", 16318572L * 1024)]
    [InlineData("MemFree:  1 kB\nMemTotal: 2048 kB", 2048L * 1024)]
    public void Parses_meminfo(string text, long bytes) => Assert.Equal(bytes, HostInfo.ParseMemTotal(text));

    [Theory]
    [InlineData("")]
    [InlineData("MemFree: 1 kB")]
    [InlineData("MemTotal: lots kB")]
    [InlineData("MemTotal: 12 MB")]
    public void Malformed_meminfo_is_unknown(string text) => Assert.Null(HostInfo.ParseMemTotal(text));

    [Theory]
    // Large machine: leave 1 GB of memory and 5 GB of disk.
    [InlineData(null, 8, 16 * GB, 100 * GB, "cpus:8;mem:15360;disk:97280;ports:[31000-32000]")]
    // Exactly at the thresholds: 2 GB mem and 10 GB disk still subtract.
    [InlineData(null, 2, 2 * GB, 10 * GB, "cpus:2;mem:1024;disk:5120;ports:[31000-32000]")]
    // Small machine: half of each.
    [InlineData(null, 1, 1 * GB, 8 * GB, "cpus:1;mem:512;disk:4096;ports:[31000-32000]")]
    // Given resources are kept; only the missing names are added, after them.
    [InlineData("cpus:2;mem:1024;", 8, 16 * GB, 100 * GB, "cpus:2;mem:1024;disk:97280;ports:[31000-32000]")]
    [InlineData("cpus(web):2;ports:[5000-6000]", 8, 16 * GB, 100 * GB, "cpus(web):2;ports:[5000-6000];mem:15360;disk:97280")]
    [InlineData("gpus:1", 4, 4 * GB, 20 * GB, "gpus:1;cpus:4;mem:3072;disk:15360;ports:[31000-32000]")]
    public void Agent_resources_follow_mesos(string? flag, int cpus, long mem, long disk, string expected)
    {
        string text = HostInfo.AgentResources(flag, cpus, mem, disk);
        Assert.Equal(expected, text);
        Assert.True(Resources.TryParse(text, out _, out string? error), error);
    }

    [Fact]
    public void Undetectable_figures_use_mesos_defaults()
    {
        Assert.Equal("cpus:1;mem:1024;disk:10240;ports:[31000-32000]", HostInfo.AgentResources(null, null, null, null));
    }

    [Fact]
    public void Whole_megabytes_even_when_memory_is_not_megabyte_aligned()
    {
        Assert.Equal("cpus:1;mem:15360;disk:10240;ports:[31000-32000]",
            HostInfo.AgentResources(null, 1, 16 * GB + 4096, null));
    }

    [Fact]
    public void Detects_this_machine_for_a_work_dir()
    {
        string text = HostInfo.AgentResources(null, Path.GetTempPath());
        Resources resources = Resources.Parse(text);
        Assert.StartsWith($"cpus:{HostInfo.CpuCount};mem:", text);
        Assert.EndsWith(";ports:[31000-32000]", text);
        Assert.NotNull(resources);
    }
}
