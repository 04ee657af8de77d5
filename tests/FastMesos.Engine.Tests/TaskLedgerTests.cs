using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// The task ledger: a launched task holds its resources until its latest state is terminal or
/// unreachable (Mesos recovers them then, before the update is acknowledged); then they return to
/// the agent unfiltered and are offered again.
/// </summary>
public class TaskLedgerTests
{
    [Theory]
    [InlineData(TaskState.Finished)]
    [InlineData(TaskState.Failed)]
    [InlineData(TaskState.Killed)]
    [InlineData(TaskState.Lost)]
    [InlineData(TaskState.Error)]
    [InlineData(TaskState.Dropped)]
    [InlineData(TaskState.Gone)]
    [InlineData(TaskState.GoneByOperator)]
    [InlineData(TaskState.Unreachable)]
    public void Terminal_or_unreachable_task_releases_its_resources(TaskState state)
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:1;mem:1024"));
        h.Decline(fw, Assert.Single(h.Allocate()), 0);

        Assert.True(h.UpdateTaskState(fw, "t1", state));
        h.AssertConsistent();
        Assert.False(h.HasTask(fw, "t1"));
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.FreeResources(agent));
        Assert.Equal(R("cpus:4;mem:4096"), Assert.Single(h.Allocate()).Resources);
    }

    [Theory]
    [InlineData(TaskState.Staging)]
    [InlineData(TaskState.Starting)]
    [InlineData(TaskState.Running)]
    [InlineData(TaskState.Killing)]
    [InlineData(TaskState.Unknown)]
    public void Live_task_keeps_its_resources(TaskState state)
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:1;mem:1024"));

        Assert.True(h.UpdateTaskState(fw, "t1", state));
        h.AssertConsistent();
        Assert.True(h.HasTask(fw, "t1"));
        Assert.Equal(1, h.Allocator.FrameworkAllocated(fw, "*", "cpus"));
        Assert.Equal(R("cpus:3;mem:3072"), h.Allocator.FreeResources(agent));
    }

    [Fact]
    public void Task_ids_are_per_framework_and_reusable_after_the_task_ends()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:4;mem:4096");
        List<OfferInfo> offers = h.Allocate();
        Assert.True(h.Launch(fw1, offers.Find(o => o.Framework == fw1), ("t1", "cpus:1")).Tasks[0].Launched);
        Assert.True(h.Launch(fw2, offers.Find(o => o.Framework == fw2), ("t1", "cpus:1")).Tasks[0].Launched);

        Assert.True(h.UpdateTaskState(fw1, "t1", TaskState.Finished));
        Assert.False(h.UpdateTaskState(fw1, "t1", TaskState.Finished));
        Assert.True(h.HasTask(fw2, "t1"));
        OfferInfo again = h.Allocate().Find(o => o.Framework == fw1);
        Assert.True(h.Launch(fw1, again, ("t1", "cpus:1")).Tasks[0].Launched);
    }

    [Fact]
    public void A_launch_outcome_carries_the_tasks_handle_and_a_handle_outlives_its_task_only_as_a_refusal()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        AcceptResult r = h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:1"), ("too-big", "cpus:8"));
        int slot = r.Tasks[0].Slot;
        Assert.True(h.Allocator.HoldsTask(slot, fw, "t1"));
        Assert.False(h.Allocator.HoldsTask(slot, fw, "t2"));
        Assert.False(h.Allocator.HoldsTask(slot, fw + 1, "t1"));
        Assert.Equal(-1, r.Tasks[1].Slot);

        // The slot goes to the next task; the old handle names nothing and changes nothing.
        Assert.True(h.Allocator.UpdateTaskState(slot, fw, "t1", TaskState.Finished));
        AcceptResult next = h.Launch(fw, Assert.Single(h.Allocate()), ("t2", "cpus:2"));
        Assert.Equal(slot, next.Tasks[0].Slot);
        Assert.False(h.Allocator.UpdateTaskState(slot, fw, "t1", TaskState.Killed));
        Assert.True(h.Allocator.HoldsTask(slot, fw, "t2"));
        Assert.Equal(2, h.Allocator.FrameworkAllocated(fw, "*", "cpus"));
        Assert.False(h.Allocator.HoldsTask(-1, fw, "t2"));
        Assert.False(h.Allocator.HoldsTask(h.Allocator.TaskSlotCount, fw, "t2"));
    }
    [Fact]
    public void Charging_a_reported_task_and_ending_it_allocates_nothing_once_the_ledger_has_room()
    {
        // A recovering master charges every reported task (AddRunningTask) and ends as many: each
        // converted the task's resources into a fresh bundle, a third of the bytes a failover
        // allocated. Both convert into scratch now; a slot freed by an ended task is used again.
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:64;mem:65536;ports:[31000-32000]");
        var launches = new TaskLaunch[100];
        for (int i = 0; i < launches.Length; i++)
            launches[i] = new TaskLaunch($"t{i}", i % 2 == 0 ? R("cpus:0.1;mem:32") : R($"cpus:0.5;mem:128;ports:[{31000 + i}-{31000 + i}]"));
        var slots = new int[launches.Length];

        void Cycle()
        {
            for (int i = 0; i < launches.Length; i++)
                slots[i] = h.Allocator.AddRunningTask(fw, "*", agent, launches[i]);
            for (int i = 0; i < launches.Length; i++)
                Assert.True(h.Allocator.UpdateTaskState(slots[i], fw, launches[i].TaskId, TaskState.Finished));
        }

        Cycle();   // the ledger's columns, the scratch bundles and the agent's range sets grow once
        long before = GC.GetAllocatedBytesForCurrentThread();
        Cycle();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(R("cpus:64;mem:65536;ports:[31000-32000]"), h.Allocator.FreeResources(agent));
        h.AssertConsistent();
    }
}
