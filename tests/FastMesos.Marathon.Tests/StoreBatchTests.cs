using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// Batches of task-state puts (<see cref="StoreBatch"/>): keys and values kept in one pooled buffer,
/// checked as they are put, written by the embedded store straight from the buffer and by any other
/// store as ordinary entries; the store disposes the batch it took.
/// </summary>
public sealed class StoreBatchTests
{
    [Fact]
    public void Entries_keep_their_keys_and_values_in_order_past_the_first_buffers()
    {
        using var batch = new StoreBatch();
        var values = new List<byte[]>();
        for (int i = 0; i < 300; i++)
        {
            // Up to 300 bytes each: ~45 KB in all, past the first 16 KB buffer and the first 64 entries.
            byte[] value = new byte[i + 1];
            Array.Fill(value, (byte)i);
            values.Add(value);
            batch.Put(Instance.StorePrefix, $"web.instance-{i:D3}", value);
        }

        Assert.Equal(300, batch.Count);
        Assert.True(batch.IsTaskState);
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal($"instances/web.instance-{i:D3}", System.Text.Encoding.ASCII.GetString(batch.Key(i)));
            Assert.Equal(values[i], batch.Value(i).ToArray());
        }
        List<KeyValuePair<string, byte[]>> entries = batch.ToEntries();
        Assert.Equal("instances/web.instance-299", entries[^1].Key);
        Assert.Equal(values[^1], entries[^1].Value);
    }

    [Theory]
    [InlineData("instances", "a/b")]
    [InlineData("instances", "..")]
    [InlineData("instances", "")]
    [InlineData("instances", "web instance")]
    [InlineData("../instances", "a")]
    public void A_bad_key_is_refused_and_adds_nothing(string folder, string name)
    {
        using var batch = new StoreBatch();
        batch.Put("health", "kept", [1]);
        Assert.Throws<ArgumentException>(() => batch.Put(folder, name, [2]));
        Assert.Equal(1, batch.Count);
        Assert.Equal([1], batch.Value(0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Value(1).ToArray());
    }

    [Fact]
    public void A_key_outside_the_task_state_folders_makes_the_batch_a_control_write()
    {
        using var batch = new StoreBatch();
        batch.Put("instances", "a", [1]);
        batch.Put("health", "a", [1]);
        Assert.True(batch.IsTaskState);
        Assert.True(new SqliteWrite(batch).IsTaskState);
        batch.Put("deployments", "d1", [1]);
        Assert.False(batch.IsTaskState);
        Assert.Equal(3, new SqliteWrite(batch).Count);
    }

    [Fact]
    public void A_disposed_batch_is_empty_and_refuses_puts()
    {
        var batch = new StoreBatch();
        batch.Put("instances", "a", [1]);
        batch.Dispose();
        batch.Dispose();   // a second dispose is harmless
        Assert.Equal(0, batch.Count);
        Assert.Throws<ObjectDisposedException>(() => batch.Put("instances", "b", [2]));
    }

    [Fact]
    public async Task The_embedded_store_writes_a_batch_durably_and_disposes_it()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fm-batch-" + Guid.NewGuid().ToString("N"));
        try
        {
            var batch = new StoreBatch();
            await using (SqliteMarathonStore store = SqliteMarathonStore.Open(dir))
            {
                await store.PutAsync("instances/web.instance-0001", [9]);
                for (int i = 0; i < 2000; i++)
                    batch.Put(Instance.StorePrefix, $"web.instance-{i:D4}", [(byte)i, (byte)(i >> 8)]);
                await store.PutAllAsync(batch);
                Assert.Equal(0, batch.Count);   // taken and disposed by the writer
                Assert.Equal([1, 0], await store.GetAsync("instances/web.instance-0001"));

                var empty = new StoreBatch();
                await store.PutAllAsync(empty);
                Assert.Throws<ObjectDisposedException>(() => empty.Put("instances", "late", [1]));
            }
            await using (SqliteMarathonStore reopened = SqliteMarathonStore.Open(dir))
            {
                Assert.Equal(2000, (await reopened.ListAsync("instances")).Count);
                Assert.Equal([unchecked((byte)1999), 7], await reopened.GetAsync("instances/web.instance-1999"));
                // A closed store refuses the batch and still disposes it.
                await reopened.DisposeAsync();
                var refused = new StoreBatch();
                refused.Put("instances", "x", [1]);
                await Assert.ThrowsAsync<ObjectDisposedException>(() => reopened.PutAllAsync(refused));
                Assert.Equal(0, refused.Count);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_without_its_own_batch_write_stores_the_batchs_entries_and_disposes_it()
    {
        var store = new InMemoryMarathonStore();
        IMarathonStore asInterface = store;
        var batch = new StoreBatch();
        batch.Put("instances", "a", [1, 2]);
        batch.Put("health", "a", [3]);
        await asInterface.PutAllAsync(batch);
        Assert.Equal(0, batch.Count);
        Assert.Equal(2, store.Puts);
        Assert.Equal([1, 2], await store.GetAsync("instances/a"));
        Assert.Equal([3], await store.GetAsync("health/a"));
    }
}
