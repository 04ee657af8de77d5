using FastMesos.Agent.Containers;

namespace FastMesos.Agent.Tests.Containers;

public sealed class CgroupsV1Tests
{
    const string ProcCgroup = "12:memory:/kubepods/pod1/c1\n3:cpu,cpuacct:/kubepods/pod1/c1\n1:name=systemd:/x\n0::/\n";

    // A container's view: the hierarchies are mounted from the container's own cgroup, not from /.
    const string MountInfo = """
        22 1 0:20 / / rw - overlay overlay rw
        30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        31 30 0:28 /kubepods/pod1/c1 /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        34 30 0:31 /kubepods/pod1/c1 /sys/fs/cgroup/memory rw,relatime master:5 - cgroup cgroup rw,memory
        39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    [Fact]
    public void Own_cgroups_resolve_through_comounted_controllers_and_mount_roots()
    {
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", CgroupsV1.OwnCgroupDirectory("cpu", ProcCgroup, MountInfo));
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", CgroupsV1.OwnCgroupDirectory("cpuacct", ProcCgroup, MountInfo));
        Assert.Equal("/sys/fs/cgroup/memory", CgroupsV1.OwnCgroupDirectory("memory", ProcCgroup, MountInfo));
        Assert.Null(CgroupsV1.OwnCgroupDirectory("pids", ProcCgroup, MountInfo));
        Assert.Equal("/sys/fs/cgroup/memory/a/b", CgroupsV1.OwnCgroupDirectory("memory", "4:memory:/a/b\n", "34 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"));
    }

    [Fact]
    public void This_machines_own_memory_cgroup_exists()
    {
        string? own = CgroupsV1.OwnCgroupDirectory("memory", File.ReadAllText("/proc/self/cgroup"), File.ReadAllText("/proc/self/mountinfo"));

        Assert.NotNull(own);
        Assert.Contains(Environment.ProcessId, CgroupsV1.ReadProcs(own));
    }

    [Theory]
    [InlineData("cgroups/cpu,cgroups/mem", CgroupIsolation.Cpu | CgroupIsolation.Memory)]
    [InlineData("cgroups/mem", CgroupIsolation.Memory)]
    [InlineData("posix/cpu,posix/mem", CgroupIsolation.None)]
    [InlineData("", CgroupIsolation.None)]
    [InlineData("cgroups/all,filesystem/posix", CgroupIsolation.Cpu | CgroupIsolation.Memory)]
    public void Isolation_flags_parse(string value, CgroupIsolation expected) => Assert.Equal(expected, CgroupsV1.ParseIsolation(value));

    [Theory]
    [InlineData(32L << 20, "32MB")]
    [InlineData(1536L << 10, "1536KB")]
    [InlineData(7, "7B")]
    [InlineData(2L << 30, "2GB")]
    public void Bytes_print_like_stout(long bytes, string text) => Assert.Equal(text, Terminations.FormatBytes(bytes));

    [Fact]
    public void Proc_stat_fields_count_from_the_last_parenthesis()
    {
        const string line = "4434 (a) b (c) S 4429 4429 2344 0 -1 4194304 120 0 0 0 7 3 0 0 20 0 1 0 31373 3133440 387 18446744073709551615";

        ProcStat s = ProcStat.Parse(4434, line)!.Value;

        Assert.Equal('S', s.State);
        Assert.Equal(2344, s.Session);
        Assert.Equal(7, s.UserTicks);
        Assert.Equal(3, s.SystemTicks);
        Assert.Equal(31373, s.StartTicks);
        Assert.Equal(387, s.RssPages);
    }
}
