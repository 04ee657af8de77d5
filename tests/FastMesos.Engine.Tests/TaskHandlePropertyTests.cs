using CsCheck;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// The ledger's task handles (slots): random runs of adds and ends over a few frameworks that share
/// ids, checked against a model of (framework, id) → handle after every step. Ended tasks' slots are
/// handed out again, so the runs check that a stale handle is refused rather than applied to the
/// slot's next task, and that the agent's task list and the counts stay right.
/// </summary>
public sealed class TaskHandlePropertyTests
{
    private static readonly Gen<(int Fw, int Id, bool Add)[]> Runs =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 99], Gen.Int[0, 2].Select(i => i > 0)).Array[0, 1500];

    [Fact]
    public void A_handle_names_its_task_until_the_task_ends_and_never_another()
    {
        // An allocator per case: Sample runs cases on several threads, and an allocator is one thread's.
        Runs.Sample(steps =>
        {
            var h = new EngineHarness();
            int[] fws = [h.Framework("fw0"), h.Framework("fw1"), h.Framework("fw2")];
            int agent = h.Agent("agent", "cpus:100000;mem:10000000");
            var live = new Dictionary<(int, int), int>();
            var ended = new List<(int Fw, int Id, int Slot)>();
            Resources one = Resources.Parse("cpus:1;mem:1");
            foreach ((int f, int id, bool add) in steps)
            {
                string taskId = "t" + id;
                if (add && !live.ContainsKey((f, id)))
                {
                    int slot = h.Allocator.AddRunningTask(fws[f], "*", agent, new TaskLaunch(taskId, one));
                    Assert.DoesNotContain(slot, live.Values);
                    live[(f, id)] = slot;
                }
                else if (!add && live.Remove((f, id), out int slot))
                {
                    Assert.True(h.Allocator.UpdateTaskState(slot, fws[f], taskId, TaskState.Finished));
                    ended.Add((f, id, slot));
                }

                foreach (((int lf, int lid), int slot) in live)
                    Assert.True(h.Allocator.HoldsTask(slot, fws[lf], "t" + lid));

                // A handle of an ended task names nothing, even when its slot now holds another task.
                foreach ((int ef, int eid, int slot) in ended)
                {
                    bool sameTaskAgain = live.TryGetValue((ef, eid), out int now) && now == slot;
                    Assert.Equal(sameTaskAgain, h.Allocator.HoldsTask(slot, fws[ef], "t" + eid));
                    if (!sameTaskAgain)
                        Assert.False(h.Allocator.UpdateTaskState(slot, fws[ef], "t" + eid, TaskState.Killed));
                }
            }

            Assert.Equal(live.Count, h.Allocator.TaskCount);
            Assert.Equal(Resources.Parse($"cpus:{100000 - live.Count};mem:{10000000 - live.Count}"), h.Allocator.FreeResources(agent));
            h.AssertConsistent();
        }, seed: "0N0XIzNsQ0O2", iter: 40);
    }
}
