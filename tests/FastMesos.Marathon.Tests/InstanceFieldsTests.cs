using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// Instance keeps its timestamps, state and agent in packed fields (a million of them live through
/// a 1,000 × 1,000 deploy): the properties give back what was set, and the object stays small.
/// </summary>
public sealed class InstanceFieldsTests
{
    private static Instance NewInstance() => new()
    {
        Uuid = Instance.UuidOf("web.instance-00000000-0000-0000-0000-000000000001"),
        AppId = "/web",
        AppVersion = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_new_instance_has_no_state_agent_or_timestamps()
    {
        Instance instance = NewInstance();
        Assert.Null(instance.State);
        Assert.True(instance.IsScheduled);
        Assert.Null(instance.AgentId);
        Assert.Null(instance.StagedAt);
        Assert.Null(instance.StartedAt);
        Assert.Null(instance.UnreachableSince);
    }

    public static TheoryData<DateTimeOffset> Timestamps() =>
    [
        DateTimeOffset.MinValue,
        DateTimeOffset.UnixEpoch,
        new DateTimeOffset(2026, 12, 7, 17, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
        new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.FromHours(2)),
        DateTimeOffset.MaxValue,
    ];

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void Timestamps_read_back_as_the_same_instant_in_utc(DateTimeOffset time)
    {
        Instance instance = NewInstance();
        instance.StagedAt = time;
        instance.StartedAt = time;
        instance.UnreachableSince = time;
        foreach (DateTimeOffset? read in (DateTimeOffset?[])[instance.StagedAt, instance.StartedAt, instance.UnreachableSince])
        {
            Assert.Equal(time, read);   // DateTimeOffset equality compares instants
            Assert.Equal(TimeSpan.Zero, read!.Value.Offset);
            Assert.Equal(time.UtcTicks, read.Value.UtcTicks);
        }

        instance.AppVersion = time;
        Assert.Equal(time, instance.AppVersion);
        Assert.Equal(TimeSpan.Zero, instance.AppVersion.Offset);

        instance.UnreachableSince = null;
        Assert.Null(instance.UnreachableSince);
        Assert.Equal(time, instance.StagedAt);
    }

    [Fact]
    public void Every_task_state_and_the_agent_read_back_and_clear()
    {
        Instance instance = NewInstance();
        foreach (TaskState state in Enum.GetValues<TaskState>())
        {
            instance.State = state;
            Assert.Equal(state, instance.State);
            Assert.False(instance.IsScheduled);
        }

        instance.State = null;
        Assert.True(instance.IsScheduled);
        Assert.Throws<ArgumentOutOfRangeException>(() => instance.State = (TaskState)255);
        Assert.Null(instance.State);

        instance.AgentId = new AgentId("agent-7");
        Assert.Equal(new AgentId("agent-7"), instance.AgentId);
        instance.AgentId = null;
        Assert.Null(instance.AgentId);
    }

    [Fact]
    public void Host_ports_read_back_in_order_one_inline_more_in_an_array()
    {
        Instance instance = NewInstance();
        Assert.Empty(instance.HostPorts);
        foreach (int[] ports in (int[][])[[31000], [0], [-1], [int.MaxValue], [31000, 31001], [1, 2, 3, 65535]])
        {
            instance.HostPorts = HostPortList.Of(ports);
            Assert.Equal(ports, instance.HostPorts);
            Assert.Equal(ports.Length, instance.HostPorts.Count);
            for (int i = 0; i < ports.Length; i++)
                Assert.Equal(ports[i], instance.HostPorts[i]);
            Assert.Throws<ArgumentOutOfRangeException>(() => instance.HostPorts[ports.Length]);
        }

        int[] source = [31000, 31001];
        instance.HostPorts = HostPortList.Of(source);
        source[0] = 1;   // the list copied them
        Assert.Equal([31000, 31001], instance.HostPorts);
        instance.HostPorts = HostPortList.None;
        Assert.Empty(instance.HostPorts);
        Assert.Throws<ArgumentOutOfRangeException>(() => instance.HostPorts[0]);
    }

    [Fact]
    public void An_instance_object_with_its_id_takes_at_most_120_bytes_and_launching_it_allocates_nothing()
    {
        // Machine-independent on 64-bit: the allocation is the object's size, its id included (kept
        // as a UUID). It was 184 bytes with DateTimeOffset(?) timestamps, a TaskState?, an AgentId?
        // and no ports (perf-reports/2026-12-07-compact-instances/), then 112 and a 144-byte id string.
        string id = "web.instance-00000000-0000-0000-0000-000000000001";
        NewSized(id);   // JIT and type load outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        Instance instance = NewSized(id);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(instance);
        Assert.InRange(bytes, 1, 120);
        Assert.Equal(id, instance.InstanceId);

        // Launching it allocates nothing more for one host port (an int[1] was 32 bytes each).
        AgentId agent = new("agent-1");
        Launch(instance, agent);
        Launch(NewSized(id), agent);
        before = GC.GetAllocatedBytesForCurrentThread();
        Launch(instance, agent);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Launch(Instance instance, AgentId agent)
    {
        instance.State = TaskState.Staging;
        instance.AgentId = agent;
        instance.HostPorts = HostPortList.Of([31000]);
        instance.StagedAt = DateTimeOffset.UnixEpoch;
    }

    private static Instance NewSized(string id) => new() { Uuid = Instance.UuidOf(id), AppId = "/web", AppVersion = DateTimeOffset.UnixEpoch };
}
