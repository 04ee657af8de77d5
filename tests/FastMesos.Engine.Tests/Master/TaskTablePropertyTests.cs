using CsCheck;
using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// A framework's task table (chains of entries by handle grown by linear hashing, plus a list for
/// the order): random runs of adds, replacements and removals checked after every step against an
/// ordered model — what it finds, its count, that it walks the tasks in the order they came, and
/// that removed tasks' entries are reused (it never hands out more than it held at once).
/// Up to 300 tasks at once take the table through several levels of splits.
/// </summary>
public sealed class TaskTablePropertyTests
{
    private static readonly Gen<(int Id, int Op)[]> Runs = Gen.Select(Gen.Int[0, 299], Gen.Int[0, 2]).Array[0, 2000];

    private static TaskRecord Record(int id) => new(
        new TaskInfo { Name = "n", TaskId = new TaskId("t" + id), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

    [Fact]
    public void The_table_finds_what_it_holds_and_walks_it_in_the_order_it_came()
    {
        Runs.Sample(steps =>
        {
            var table = new TaskTable();
            var order = new List<TaskRecord>();   // the model: records in the order they came
            int most = 0;
            foreach ((int id, int op) in steps)
            {
                string key = "t" + id;
                int at = order.FindIndex(r => r.TaskId == key);
                if (op == 0)
                {
                    // Remove (a replaced record's links are gone, so it could be added again).
                    Assert.Equal(at >= 0, table.Remove(key, out TaskRecord? removed));
                    if (at >= 0)
                    {
                        Assert.Same(order[at], removed);
                        Assert.Null(removed!.PrevInFramework);
                        Assert.Null(removed.NextInFramework);
                        order.RemoveAt(at);
                    }
                }
                else
                {
                    // Add, or replace in place (a present id), through the indexer (op 1) or Put (op 2).
                    TaskRecord record = Record(id);
                    if (op == 1)
                        table[key] = record;
                    else
                        Assert.Same(at >= 0 ? order[at] : null, table.Put(record));
                    if (at >= 0)
                        order[at] = record;
                    else
                        order.Add(record);
                }

                Assert.Equal(order.Count, table.Count);
                Assert.Equal(order, table.Values.ToList());
                most = Math.Max(most, order.Count);
                Assert.Equal(most, table.EntriesHandedOut);
            }

            for (int id = 0; id < 300; id++)
            {
                TaskRecord? expected = order.Find(r => r.TaskId == "t" + id);
                Assert.Equal(expected is not null, table.TryGetValue("t" + id, out TaskRecord? found));
                Assert.Same(expected, found);
                Assert.Equal(expected is not null, table.ContainsKey("t" + id));
            }

            table.Clear();
            Assert.Equal(0, table.Count);
            Assert.Empty(table.Values);
            Assert.All(order, r => Assert.True(r.PrevInFramework is null && r.NextInFramework is null));
        }, seed: "0N0XIzNsQ0O2", iter: 40);
    }

    [Fact]
    public void A_walker_may_take_out_the_task_it_holds()
    {
        var table = new TaskTable();
        for (int i = 0; i < 50; i++)
            table["t" + i] = Record(i);
        var seen = new List<string>();
        foreach (TaskRecord task in table.Values)
        {
            seen.Add(task.TaskId);
            if (seen.Count % 2 == 1)
                Assert.True(table.Remove(task.TaskId));
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => "t" + i), seen);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "t" + (2 * i + 1)), table.Values.Select(t => t.TaskId));
    }

    [Fact]
    public void A_record_stored_under_another_id_is_refused()
    {
        var table = new TaskTable();
        Assert.Throws<ArgumentException>(() => table["other"] = Record(1));
        Assert.Equal(0, table.Count);
    }
}
