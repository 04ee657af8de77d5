using FastMesos.Hosting.Flags;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;
using FastMesos.Messages;

namespace FastMesos.Marathon.Tests;

/// <summary>The Marathon daemon's pure pieces: ids, the label selector, credentials, flags and the stores' contracts.</summary>
public sealed class MarathonUnitTests
{
    [Fact]
    public void Instance_and_task_ids_follow_marathon_and_parse_back()
    {
        string id = Instance.NewInstanceId("/prod/web");
        Assert.StartsWith("prod_web.instance-", id, StringComparison.Ordinal);
        var instance = new Instance { Uuid = Instance.UuidOf(id), AppId = "/prod/web", AppVersion = DateTimeOffset.UnixEpoch, Incarnation = 3 };
        Assert.Equal(id + "._app.3", instance.TaskId);
        Assert.Equal(id, Instance.InstanceIdOf(instance.TaskId));
        Assert.Equal(id, Instance.InstanceIdOf(id));
        Assert.Equal("/prod/web", Instance.AppIdOf(id));
        Assert.Null(Instance.InstanceIdOf("garbage"));
        Assert.Null(Instance.InstanceIdOf("x.instance-not-a-uuid._app.1"));
        Assert.Null(Instance.InstanceIdOf(".instance-00000000-0000-0000-0000-000000000001"));   // no path
        Assert.Throws<FormatException>(() => Instance.UuidOf("web.instance-1"));

        // A path segment may hold ".instance-" itself (app ids allow dots and dashes).
        string odd = Instance.NewInstanceId("/a.instance-b/c");
        Assert.StartsWith("a.instance-b_c.instance-", odd, StringComparison.Ordinal);
        Assert.Equal(odd, Instance.InstanceIdOf(odd + "._app.2"));
        Assert.Equal("/a.instance-b/c", Instance.AppIdOf(odd));
        Assert.Throws<FormatException>(() => Instance.AppIdOf("garbage"));
    }

    [Fact]
    public void The_instance_table_finds_an_instance_by_its_whole_id_only()
    {
        var table = new InstanceTable();
        var web = new Instance { Uuid = Instance.UuidOf(Instance.NewInstanceId("/prod/web")), AppId = "/prod/web", AppVersion = DateTimeOffset.UnixEpoch };
        Assert.Null(table.Put(web));
        Assert.Equal(1, table.Count);

        Assert.True(table.TryGetValue(web.InstanceId, out Instance? found));
        Assert.Same(web, found);
        Assert.True(table.TryGetValue(web.Uuid, out found));
        Assert.Same(web, found);
        // The same UUID under another app's path, an upper-cased UUID, and text that is no id.
        Assert.False(table.TryGetValue("prod_api.instance-" + web.Uuid.ToString("D"), out _));
        Assert.False(table.TryGetValue("prod_web.instance-" + web.Uuid.ToString("D").ToUpperInvariant(), out _));
        Assert.False(table.TryGetValue("prod_web.instance-", out _));
        Assert.False(table.TryGetValue("garbage", out _));

        // Another object of the same id replaces it; removing by either takes out what is there.
        var again = new Instance { Uuid = web.Uuid, AppId = "/prod/web", AppVersion = DateTimeOffset.UnixEpoch, Incarnation = 2 };
        Assert.Same(web, table.Put(again));
        Assert.Equal(1, table.Count);
        Assert.True(table.Remove(web, out Instance? removed));
        Assert.Same(again, removed);
        Assert.False(table.Remove(web, out _));
        Assert.Equal(0, table.Count);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 100)]
    [InlineData(MarathonRuntime.MaxStatusesPerDrain, MarathonRuntime.MaxStatusesPerDrain)]
    [InlineData(MarathonRuntime.MaxStatusesPerDrain + 1, MarathonRuntime.MaxStatusesPerDrain)]
    [InlineData(MarathonRuntime.MaxStatusesPerDrain * 10, MarathonRuntime.MaxStatusesPerDrain * 5)]
    public void A_status_drain_takes_all_up_to_its_bound_and_halves_a_larger_backlog(int queued, int taken) =>
        Assert.Equal(taken, MarathonRuntime.DrainBound(queued));

    [Theory]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001._app.3", true)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001._app.30", false)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001._app.", false)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001._app.03", false)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001.app.3", false)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000002._app.3", false)]
    [InlineData("prod_web.instance-00000000-0000-0000-0000-000000000001", false)]
    [InlineData("", false)]
    public void A_task_id_is_the_instances_current_task_exactly_when_it_spells_it(string taskId, bool current)
    {
        var instance = new Instance
        {
            Uuid = Instance.UuidOf("prod_web.instance-00000000-0000-0000-0000-000000000001"), AppId = "/prod/web",
            AppVersion = DateTimeOffset.UnixEpoch, Incarnation = 3,
        };
        Assert.Equal(current, instance.IsTask(taskId));
        Assert.Equal(current, instance.TaskId == taskId);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(40, int.MaxValue)]
    [InlineData(600, 7)]   // past the stack buffer: written from the built string
    public void An_instances_task_id_is_written_to_json_as_it_is_built(int pathLength, int incarnation)
    {
        var instance = new Instance
        {
            Uuid = Instance.UuidOf(Instance.NewInstanceId("/" + new string('a', pathLength))), AppId = "/" + new string('a', pathLength),
            AppVersion = DateTimeOffset.UnixEpoch, Incarnation = incarnation,
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            instance.WriteTaskId(writer, "id");
            instance.WriteInstanceId(writer, "instanceId");
            writer.WriteEndObject();
        }

        using var json = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(instance.TaskId, json.RootElement.GetProperty("id").GetString());
        Assert.Equal(instance.InstanceId, json.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal(instance.InstanceId + "._app." + incarnation.ToString(System.Globalization.CultureInfo.InvariantCulture), instance.TaskId);
        Assert.True(instance.IsTask(instance.TaskId));
        Assert.True(instance.HasId(instance.InstanceId));
        Assert.False(instance.HasId(instance.InstanceId.AsSpan(1)));
        Assert.Equal(instance.InstanceId, Instance.InstanceIdOf(instance.TaskId));
    }

    [Fact]
    public void Instance_ids_sort_in_the_order_they_were_made()
    {
        // Store keys: an app's instances made together must sit next to each other in the B-tree.
        // 20,000 ids take a few milliseconds, so most share one with others.
        var ids = new string[20_000];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = Instance.NewInstanceId("/web");
        string[] sorted = [.. ids.Order(StringComparer.Ordinal)];
        Assert.Equal(ids, sorted);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (string id in ids.Take(100))
        {
            Guid uuid = Guid.Parse(id.AsSpan("web.instance-".Length));
            Assert.Equal(7, uuid.Version);
            Assert.Equal(id, Instance.InstanceIdOf(id + "._app.1"));
        }

        long ms = Convert.ToInt64(ids[0].Substring("web.instance-".Length, 8) + ids[0].Substring("web.instance-".Length + 9, 4), 16);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms, 0, 60_000);
    }

    [Theory]
    [InlineData("env==prod", true)]
    [InlineData("env!=prod", false)]
    [InlineData("env", true)]
    [InlineData("missing", false)]
    [InlineData("env in (dev, prod)", true)]
    [InlineData("env notin (dev, prod)", false)]
    [InlineData("env==prod,tier==web", true)]
    [InlineData("env==prod,tier==db", false)]
    [InlineData("tier!=frontend\\ tier", true)]
    public void Label_selectors_and_their_terms(string selector, bool matches)
    {
        Assert.True(LabelSelector.TryParse(selector, out LabelSelector? parsed, out string? error), error);
        var labels = new Dictionary<string, string> { ["env"] = "prod", ["tier"] = "web" };
        Assert.Equal(matches, parsed!.Matches(labels));
    }

    [Fact]
    public void Basic_credentials_accept_only_the_exact_user_and_password()
    {
        BasicCredentials credentials = BasicCredentials.Parse("ops:pa:ss");
        string good = "Basic " + Convert.ToBase64String("ops:pa:ss"u8.ToArray());
        Assert.True(credentials.Accepts(good));
        Assert.False(credentials.Accepts("Basic " + Convert.ToBase64String("ops:pass"u8.ToArray())));
        Assert.False(credentials.Accepts(null));
        Assert.Throws<FormatException>(() => BasicCredentials.Parse("nocolon"));
    }

    [Fact]
    public void Flags_take_marathons_names_units_and_both_value_forms()
    {
        var flags = new FlagSet("test");
        var marathon = new MarathonFlags(flags);
        FlagParseResult parsed = flags.Parse(["--master", "127.0.0.1:5050", "--http_port=0", "--task_launch_timeout", "60000",
            "--hostname=h", "--launch_tokens=7"], _ => null);
        Assert.True(parsed.Success, parsed.Error);
        MarathonOptions options = marathon.Build(parsed, null, out string? zk);
        Assert.Null(zk);
        Assert.Equal(TimeSpan.FromMinutes(1), options.TaskLaunchTimeout);
        Assert.Equal(7, options.LaunchTokens);
        Assert.Equal("h", options.Hostname);
        Assert.Equal(10000, options.LocalPortMin);
        Assert.Equal(TimeSpan.FromMilliseconds(MarathonFlags.DefaultMinReviveOffersIntervalMs), options.MinReviveOffersInterval);
        FlagParseResult revive = flags.Parse(["--master=127.0.0.1:5050", "--min_revive_offers_interval=5000"], _ => null);
        Assert.Equal(TimeSpan.FromSeconds(5), marathon.Build(revive, null, out _).MinReviveOffersInterval);

        FlagParseResult bad = flags.Parse(["--master=127.0.0.1:5050", "--local_port_min=30000", "--local_port_max=20000"], _ => null);
        FormatException e = Assert.Throws<FormatException>(() => marathon.Build(bad, null, out _));
        Assert.Contains("local_port_max", e.Message, StringComparison.Ordinal);
        FlagParseResult zkMaster = flags.Parse(["--master=zk://127.0.0.1:2181/mesos"], _ => null);
        marathon.Build(zkMaster, null, out zk);
        Assert.Equal("zk://127.0.0.1:2181/mesos", zk);
    }

    /// <summary>Runs <paramref name="test"/> on a fresh work directory under the temp folder, removed afterwards.</summary>
    private static async Task InStoreDirectoryAsync(Func<string, Task> test)
    {
        string dir = Path.Combine(Path.GetTempPath(), "fm-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            await test(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_embedded_store_puts_gets_lists_and_deletes_and_survives_a_reopen()
    {
        await InStoreDirectoryAsync(async dir =>
        {
            await using (SqliteMarathonStore store = SqliteMarathonStore.Open(dir))
            {
                await store.PutAsync("instances/a", [1]);
                await store.PutAsync("instances/b", [2]);
                await store.PutAsync("instances/b", [3]);
                await store.PutAsync("instancesX/c", [4]);      // past the "instances/" range in ordinal order
                await store.PutAsync("versions/app/2026", [5]);  // a "folder" lists as its first segment
                await store.DeleteAsync("never/written");
                Assert.Equal(["a", "b"], await store.ListAsync("instances"));
                Assert.Equal(["app"], await store.ListAsync("versions"));
                Assert.Empty(await store.ListAsync("nothing"));
                Assert.Null(await store.GetAsync("instances/nothing"));
            }
            Assert.True(File.Exists(Path.Combine(dir, "state.db")));
            await using (SqliteMarathonStore reopened = SqliteMarathonStore.Open(dir))
            {
                Assert.Equal([3], await reopened.GetAsync("instances/b"));
                await reopened.DeleteAsync("instances/a");
                Assert.Null(await reopened.GetAsync("instances/a"));
                await Assert.ThrowsAsync<ArgumentException>(() => reopened.PutAsync("../escape", [0]));
                await Assert.ThrowsAsync<ArgumentException>(() => reopened.PutAsync("a//b", [0]));
            }
        });
    }

    [Fact]
    public async Task The_embedded_store_puts_a_batch_at_once_and_a_bad_key_stores_nothing_of_it()
    {
        await InStoreDirectoryAsync(async dir =>
        {
            var entries = new List<KeyValuePair<string, byte[]>>();
            for (int i = 0; i < 3000; i++)
                entries.Add(new KeyValuePair<string, byte[]>($"instances/i{i:D4}", [(byte)i]));
            entries.Add(new KeyValuePair<string, byte[]>("group", [7]));
            await using (SqliteMarathonStore store = SqliteMarathonStore.Open(dir))
            {
                await store.PutAsync("instances/i0005", [99]);
                await store.PutAllAsync(entries);
                await Assert.ThrowsAsync<ArgumentException>(() => store.PutAllAsync(
                    [new KeyValuePair<string, byte[]>("deployments/d1", [1]), new KeyValuePair<string, byte[]>("../escape", [0])]));
                // Writes from many callers at once: each completes once durable, none is lost.
                var concurrent = new Task[200];
                for (int i = 0; i < concurrent.Length; i++)
                {
                    int n = i;
                    concurrent[i] = Task.Run(() => store.PutAsync($"health/h{n:D3}", [(byte)n]));
                }
                await Task.WhenAll(concurrent);
            }
            await using (SqliteMarathonStore reopened = SqliteMarathonStore.Open(dir))
            {
                Assert.Equal(3000, (await reopened.ListAsync("instances")).Count);
                Assert.Equal([5], await reopened.GetAsync("instances/i0005"));
                Assert.Equal(new byte[] { unchecked((byte)2999) }, await reopened.GetAsync("instances/i2999"));
                Assert.Equal([7], await reopened.GetAsync("group"));
                Assert.Null(await reopened.GetAsync("deployments/d1"));
                Assert.Equal(200, (await reopened.ListAsync("health")).Count);
                Assert.Equal([199], await reopened.GetAsync("health/h199"));
            }
        });
    }

    [Fact]
    public async Task A_work_dir_of_the_file_per_key_store_is_imported_once_and_its_folder_kept_aside()
    {
        await InStoreDirectoryAsync(async dir =>
        {
            // The layout the earlier store wrote: one file per key under state/, an interrupted put's temporary file beside its key.
            string legacy = Path.Combine(dir, "state");
            Directory.CreateDirectory(Path.Combine(legacy, "instances"));
            Directory.CreateDirectory(Path.Combine(legacy, "versions", "prod_web"));
            await File.WriteAllBytesAsync(Path.Combine(legacy, "framework-id"), "fw-1"u8.ToArray());
            await File.WriteAllBytesAsync(Path.Combine(legacy, "instances", "web.instance-1"), [1, 2]);
            await File.WriteAllBytesAsync(Path.Combine(legacy, "instances", "web.instance-1.0a1b.tmp"), [9]);
            await File.WriteAllBytesAsync(Path.Combine(legacy, "versions", "prod_web", "2026-12-04T10:00:00.000Z"), [3]);

            await using (SqliteMarathonStore store = SqliteMarathonStore.Open(dir))
            {
                Assert.Equal("fw-1"u8.ToArray(), await store.GetAsync("framework-id"));
                Assert.Equal([1, 2], await store.GetAsync("instances/web.instance-1"));
                Assert.Equal(["web.instance-1"], await store.ListAsync("instances"));
                Assert.Equal([3], await store.GetAsync("versions/prod_web/2026-12-04T10:00:00.000Z"));
                await store.PutAsync("framework-id", "fw-2"u8.ToArray());
            }
            Assert.False(Directory.Exists(legacy));
            Assert.True(Directory.Exists(Path.Combine(dir, "state.imported")));

            // Imported once: the database is what a restart reads.
            await using (SqliteMarathonStore reopened = SqliteMarathonStore.Open(dir))
                Assert.Equal("fw-2"u8.ToArray(), await reopened.GetAsync("framework-id"));

            // A second old folder (a copy restored by hand) with no database: imported too, the first kept aside.
            foreach (string file in Directory.GetFiles(dir, "state.db*"))
                File.Delete(file);
            Directory.CreateDirectory(legacy);
            await File.WriteAllBytesAsync(Path.Combine(legacy, "framework-id"), "fw-3"u8.ToArray());
            await using (SqliteMarathonStore again = SqliteMarathonStore.Open(dir))
                Assert.Equal("fw-3"u8.ToArray(), await again.GetAsync("framework-id"));
            Assert.True(Directory.Exists(Path.Combine(dir, "state.imported")));
            Assert.True(Directory.Exists(Path.Combine(dir, "state.imported.2")));
        });
    }

    [Fact]
    public async Task A_disposed_embedded_store_refuses_writes()
    {
        await InStoreDirectoryAsync(async dir =>
        {
            SqliteMarathonStore store = SqliteMarathonStore.Open(dir);
            await store.PutAsync("a", [1]);
            await store.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PutAsync("b", [2]));
            await store.DisposeAsync();   // a second dispose is harmless
        });
    }

    [Fact]
    public async Task A_store_without_its_own_batch_put_stores_a_batch_one_put_at_a_time()
    {
        var store = new InMemoryMarathonStore();
        IMarathonStore asInterface = store;
        await asInterface.PutAllAsync([new KeyValuePair<string, byte[]>("a/1", [1]), new KeyValuePair<string, byte[]>("a/2", [2])]);
        Assert.Equal(2, store.Puts);
        Assert.Equal(["1", "2"], await store.ListAsync("a"));
        Assert.Equal([2], await store.GetAsync("a/2"));
    }

    [Fact]
    public void A_stored_instance_reads_back_equal_and_junk_is_a_format_error()
    {
        var instance = new Instance
        {
            Uuid = Instance.UuidOf(Instance.NewInstanceId("/web")),
            AppId = "/web",
            AppVersion = new DateTimeOffset(2026, 12, 3, 1, 2, 3, 456, TimeSpan.Zero),
            Incarnation = 2,
            State = TaskState.Running,
            AgentId = new AgentId("a1"),
            Host = "h1",
            HostPorts = [31000, 31001],
            StagedAt = new DateTimeOffset(2026, 12, 3, 1, 2, 4, TimeSpan.Zero),
            Goal = InstanceGoal.Decommissioned,
        };
        byte[] stored = InstanceCodec.Write(instance);
        AssertSameInstance(instance, InstanceCodec.Read(stored));
        // Format 2 takes less than half of format 1's JSON: 119 bytes here, 283 as JSON.
        Assert.InRange(stored.Length, 1, 130);

        var fresh = new Instance { Uuid = Instance.UuidOf(Instance.NewInstanceId("/web")), AppId = "/web", AppVersion = instance.AppVersion };
        AssertSameInstance(fresh, InstanceCodec.Read(InstanceCodec.Write(fresh)));
        var unreachable = new Instance
        {
            Uuid = Instance.UuidOf(Instance.NewInstanceId("/web")),
            AppId = "/web",
            AppVersion = instance.AppVersion,
            State = TaskState.Unreachable,
            StartedAt = new DateTimeOffset(2026, 12, 3, 1, 2, 5, 7, TimeSpan.Zero),
            UnreachableSince = new DateTimeOffset(2026, 12, 3, 1, 3, 0, 999, TimeSpan.Zero),
        };
        AssertSameInstance(unreachable, InstanceCodec.Read(InstanceCodec.Write(unreachable)));

        Assert.Throws<FormatException>(() => InstanceCodec.Read("{\"format\":1}"u8.ToArray()));
        Assert.Throws<FormatException>(() => InstanceCodec.Read("not json"u8.ToArray()));
        Assert.Throws<FormatException>(() => InstanceCodec.Read(stored[..^3]));
        Assert.Throws<FormatException>(() => InstanceCodec.Read([]));
        // An id that is not one of its app's (an instance keeps only the UUID of its id).
        Assert.Throws<FormatException>(() => InstanceCodec.Read(
            """{"format":1,"instanceId":"api.instance-0193a000-7c1e-7000-8000-000000000001","appId":"/web","version":"2026-12-03T01:02:03.456Z","goal":"Running","incarnation":0,"hostPorts":[]}"""u8.ToArray()));
        Assert.Throws<FormatException>(() => InstanceCodec.Read(
            """{"format":1,"instanceId":"web.instance-1","appId":"/web","version":"2026-12-03T01:02:03.456Z","goal":"Running","incarnation":0,"hostPorts":[]}"""u8.ToArray()));
        byte[] future = (byte[])stored.Clone();
        future[1] = 3;   // the format number, a positive fixint after the array header
        Assert.Throws<FormatException>(() => InstanceCodec.Read(future));
    }

    [Fact]
    public void An_instance_stored_as_format_1_JSON_still_reads()
    {
        // As the builds before format 2 wrote it.
        byte[] json = """
            {"format":1,"instanceId":"web.instance-0193a000-7c1e-7000-8000-000000000001","appId":"/web","version":"2026-12-03T01:02:03.456Z","goal":"Decommissioned","incarnation":2,"state":"TASK_RUNNING","agentId":"a1","host":"h1","hostPorts":[31000,31001],"stagedAt":"2026-12-03T01:02:04.000Z","startedAt":"2026-12-03T01:02:04.500Z"}
            """u8.ToArray();
        Instance back = InstanceCodec.Read(json);
        AssertSameInstance(new Instance
        {
            Uuid = Instance.UuidOf("web.instance-0193a000-7c1e-7000-8000-000000000001"),
            AppId = "/web",
            AppVersion = new DateTimeOffset(2026, 12, 3, 1, 2, 3, 456, TimeSpan.Zero),
            Goal = InstanceGoal.Decommissioned,
            Incarnation = 2,
            State = TaskState.Running,
            AgentId = new AgentId("a1"),
            Host = "h1",
            HostPorts = [31000, 31001],
            StagedAt = new DateTimeOffset(2026, 12, 3, 1, 2, 4, TimeSpan.Zero),
            StartedAt = new DateTimeOffset(2026, 12, 3, 1, 2, 4, 500, TimeSpan.Zero),
        }, back);
        // Written again, it is format 2 and reads back the same.
        AssertSameInstance(back, InstanceCodec.Read(InstanceCodec.Write(back)));
    }

    private static void AssertSameInstance(Instance expected, Instance actual)
    {
        Assert.Equal(expected.InstanceId, actual.InstanceId);
        Assert.Equal(expected.AppId, actual.AppId);
        Assert.Equal(expected.TaskId, actual.TaskId);
        Assert.Equal(expected.AppVersion, actual.AppVersion);
        Assert.Equal(expected.Goal, actual.Goal);
        Assert.Equal(expected.Incarnation, actual.Incarnation);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.AgentId, actual.AgentId);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.HostPorts, actual.HostPorts);
        Assert.Equal(expected.StagedAt, actual.StagedAt);
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.UnreachableSince, actual.UnreachableSince);
    }
}
