using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// The embedded store's two lanes: what a REST call writes commits before queued task state, a
/// transaction's task state is bounded, and writes to one key keep their order.
/// </summary>
public sealed class SqliteStoreLanesTests
{
    private static SqliteWrite Put(string key, int keys = 1)
    {
        var entries = new List<KeyValuePair<string, byte[]>>(keys);
        for (int i = 0; i < keys; i++)
            entries.Add(new KeyValuePair<string, byte[]>(keys == 1 ? key : $"{key}-{i}", [1]));
        return new SqliteWrite(entries, null);
    }

    [Theory]
    [InlineData("instances/web.instance-1", true)]
    [InlineData("health/web.instance-1", true)]
    [InlineData("group", false)]
    [InlineData("group-versions/2026-12-07T00:00:00.000Z", false)]
    [InlineData("deployments/d1", false)]
    [InlineData("failures/web", false)]
    [InlineData("instancesX/a", false)]
    public void Task_state_is_the_instances_and_health_keys(string key, bool taskState)
    {
        Assert.Equal(taskState, StoreKeys.IsTaskState(key));
        Assert.Equal(taskState, new SqliteWrite(null, key).IsTaskState);
    }

    [Fact]
    public void A_write_with_any_other_key_goes_in_the_first_lane()
    {
        var mixed = new SqliteWrite([new("instances/a", [1]), new("group", [2])], null);
        Assert.False(mixed.IsTaskState);
        Assert.True(Put("instances/a", keys: 3).IsTaskState);
    }

    [Fact]
    public void A_transaction_takes_the_first_lane_first_then_task_state_within_the_budget()
    {
        var control = new Queue<SqliteWrite>();
        var taskState = new Queue<SqliteWrite>();
        SqliteWrite launches = Put("instances/launch", keys: SqliteMarathonStore.TaskStatePerCommit - 10);
        SqliteWrite statuses = Put("instances/status", keys: 20);
        SqliteWrite small = Put("instances/small", keys: 10);
        taskState.Enqueue(launches);
        taskState.Enqueue(statuses);
        taskState.Enqueue(small);
        SqliteWrite tree = Put("group");
        SqliteWrite deployment = Put("deployments/d1");
        control.Enqueue(tree);
        control.Enqueue(deployment);

        var batch = new List<SqliteWrite>();
        SqliteMarathonStore.FillBatch(control, taskState, batch);
        // The REST call's writes first; then task state until the next write would pass the budget.
        Assert.Equal([tree, deployment, launches], batch);

        batch.Clear();
        SqliteMarathonStore.FillBatch(control, taskState, batch);
        Assert.Equal([statuses, small], batch);
        Assert.Empty(taskState);
    }

    [Fact]
    public void A_task_state_write_past_the_budget_commits_alone_and_whole()
    {
        var taskState = new Queue<SqliteWrite>();
        SqliteWrite large = Put("instances/large", keys: SqliteMarathonStore.TaskStatePerCommit * 2);
        SqliteWrite next = Put("instances/next");
        taskState.Enqueue(large);
        taskState.Enqueue(next);
        var batch = new List<SqliteWrite>();
        SqliteMarathonStore.FillBatch(new Queue<SqliteWrite>(), taskState, batch);
        Assert.Equal([large], batch);
    }

    [Fact]
    public async Task Writes_to_one_key_keep_their_order_while_both_lanes_are_busy()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fm-lanes-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (SqliteMarathonStore store = SqliteMarathonStore.Open(dir))
            {
                var writes = new List<Task>();
                for (int i = 0; i < 2000; i++)
                {
                    byte value = (byte)(i % 251);
                    writes.Add(store.PutAsync("instances/a", [value]));
                    writes.Add(store.PutAsync("group", [value]));
                    if (i % 7 == 0)
                        writes.Add(store.DeleteAsync("health/h"));
                    else
                        writes.Add(store.PutAsync("health/h", [value]));
                }
                await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));
                byte last = (byte)(1999 % 251);
                Assert.Equal(new byte[] { last }, await store.GetAsync("instances/a"));
                Assert.Equal(new byte[] { last }, await store.GetAsync("group"));
                Assert.Equal(new byte[] { last }, await store.GetAsync("health/h"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
