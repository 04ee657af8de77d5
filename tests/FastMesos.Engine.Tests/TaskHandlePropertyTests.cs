using CsCheck;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// The ledger's index by (framework, task id), an open-addressing table with backward-shift
/// deletion (Allocator.TaskIndex.cs): random runs of adds and ends over a few frameworks that share
/// ids, checked against a set after every step. Runs of up to 3,000 steps over 3 × 400 keys grow
/// the table several times and delete from the middle of long probe chains.
/// </summary>
public sealed class TaskIndexPropertyTests
{
    private static readonly Gen<(int Fw, int Id, bool Add)[]> Runs =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 399], Gen.Int[0, 2].Select(i => i > 0)).Array[0, 3000];

    [Fact]
    public void The_ledger_finds_exactly_the_tasks_that_are_running()
    {
        // An allocator per case: Sample runs cases on several threads, and an allocator is one thread's.
        Runs.Sample(steps =>
        {
            var h = new EngineHarness();
            int[] fws = [h.Framework("fw0"), h.Framework("fw1"), h.Framework("fw2")];
            int agent = h.Agent("agent", "cpus:100000;mem:10000000");
            var model = new HashSet<(int, int)>();
            Resources one = Resources.Parse("cpus:1;mem:1");
            foreach ((int f, int id, bool add) in steps)
            {
                string taskId = "t" + id;
                if (add && model.Add((f, id)))
                    h.Allocator.AddRunningTask(fws[f], "*", agent, new TaskLaunch(taskId, one));
                else if (!add)
                    Assert.Equal(model.Remove((f, id)), h.Allocator.UpdateTaskState(fws[f], taskId, TaskState.Finished));

                Assert.Equal(model.Contains((f, id)), h.Allocator.HasTask(fws[f], taskId));
            }

            for (int f = 0; f < fws.Length; f++)
            {
                for (int id = 0; id < 400; id++)
                    Assert.Equal(model.Contains((f, id)), h.Allocator.HasTask(fws[f], "t" + id));
            }

            Assert.Equal(model.Count, h.Allocator.TaskCount);
            h.AssertConsistent();
        }, seed: "0N0XIzNsQ0O2", iter: 60);
    }
}
