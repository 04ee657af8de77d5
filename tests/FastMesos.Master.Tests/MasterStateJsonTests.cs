using System.Buffers;
using System.Text;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Master.Ha;
using FastMesos.Master.Http;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Master.Tests;

/// <summary>
/// The master's JSON documents, byte for byte, against files written by the writers before their
/// second performance pass (Golden/*.json): reserved and unreserved amounts of one name, ranges,
/// sets, fractional scalars, attributes, labels, several statuses, outstanding offers.
/// Set FASTMESOS_WRITE_GOLDEN=1 to rewrite the files after an intended change of shape.
/// </summary>
public sealed class MasterStateJsonTests
{
    private static readonly MasterLeadership Leader = new(elected: true);

    public static TheoryData<string> Documents => ["state", "state-summary", "frameworks", "slaves", "tasks"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_is_byte_for_byte_the_reference(string document)
    {
        MasterCore core = BuildCore();
        string actual = Encoding.UTF8.GetString(Render(core, document));
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", document + ".json");
        if (Environment.GetEnvironmentVariable("FASTMESOS_WRITE_GOLDEN") == "1")
        {
            string source = Path.Combine(SourceDirectory(), "Golden", document + ".json");
            File.WriteAllText(source, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
        using JsonDocument parsed = JsonDocument.Parse(actual);
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
    }

    [Fact]
    public void Pooled_rendering_equals_a_plain_buffer()
    {
        MasterCore core = BuildCore();
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        using PooledSegmentBuffer pooled = MasterHttp.RenderJson(snapshot, Leader, static (w, s, l) => MasterStateJson.WriteState(w, s, l));
        Assert.Equal(Render(core, "state"), pooled.ToArray());
    }

    [Fact]
    public void A_snapshot_keeps_the_state_it_was_taken_in()
    {
        // Documents are written after the master's lock is released: what changes meanwhile (an agent
        // and a scheduler disconnecting, a status update) must not reach a document already copied.
        MasterCore core = BuildCore();
        byte[] before = Render(core, "state");
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        core.OnAgentDisconnected(1);
        core.OnSchedulerDisconnected(100);
        TaskRecord task = core.Frameworks.First(f => f.Id == "fw-old").TaskList.First();
        core.OnStatusUpdate(2, new StatusUpdate(new FrameworkId("fw-old"), new Messages.TaskStatus
        {
            TaskId = new TaskId(task.TaskId),
            State = TaskState.Finished,
            Source = TaskStatusSource.Executor,
            AgentId = new AgentId(task.AgentId),
            Uuid = Guid.NewGuid(),
            Timestamp = 1_700_000_000,
        }));

        using PooledSegmentBuffer copied = MasterHttp.RenderJson(snapshot, Leader, static (w, s, l) => MasterStateJson.WriteState(w, s, l));
        Assert.Equal(before, copied.ToArray());
        byte[] after = Render(core, "state");
        Assert.NotEqual(before, after);
        string text = Encoding.UTF8.GetString(after);
        Assert.Contains("\"deactivated_slaves\":1", text, StringComparison.Ordinal);
    }

    private static byte[] Render(MasterCore core, string document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using MasterSnapshot s = MasterSnapshot.Take(core);
        using (var w = new Utf8JsonWriter(buffer))
        {
            switch (document)
            {
                case "state": MasterStateJson.WriteState(w, s, Leader); break;
                case "state-summary": MasterStateJson.WriteSummary(w, s, Leader); break;
                case "frameworks": MasterStateJson.WriteFrameworks(w, s, ""); break;
                case "slaves": MasterStateJson.WriteAgents(w, s, ""); break;
                default: MasterStateJson.WriteTasks(w, s, new TaskQuery(100, 0, false, "", "")); break;
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static MasterCore BuildCore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var core = new MasterCore(new MasterOptions { MasterId = "golden", Hostname = "golden-host", Roles = ["*", "web"] }, new DropOutbox(), clock);
        var old = new FrameworkInfo { Id = new FrameworkId("fw-old"), User = "root", Name = "old", FailoverTimeoutSeconds = 60.5, Checkpoint = true, Roles = ["web"] };
        string[] shapes =
        [
            "cpus:4;mem:4096.5;disk:100;ports:[31000-31005,31010-31020];cpus(web):2.5;mem(web):512",
            "cpus:0.125;mem:12345.678;gpus:1;zones:{a,b,c};ports:[32000-32010]",
            "cpus:1000000;mem:0.001;disk:7.07",
        ];
        for (int i = 0; i < shapes.Length; i++)
        {
            var id = new AgentId("golden-S" + i);
            var tasks = new LaunchedTask[3];
            for (int k = 0; k < tasks.Length; k++)
            {
                tasks[k] = new LaunchedTask
                {
                    Name = "task-" + k,
                    TaskId = new TaskId($"t-{i}-{k}"),
                    FrameworkId = old.Id!.Value,
                    AgentId = id,
                    State = k == 2 ? TaskState.Staging : TaskState.Running,
                    Resources = Resources.Parse(k == 0 ? "cpus:0.1;mem:32" : "cpus(web):0.25;mem(web):64.5;cpus:0.05"),
                    Labels = k == 1 ? [new Label("key", "value \"quoted\""), new Label("ünï", "ç")] : [],
                };
            }

            core.OnReregisterAgent(i + 1, new ReregisterAgent
            {
                Agent = new AgentInfo { Id = id, Hostname = "agent-" + i, Port = 5051, Resources = Resources.Parse(shapes[i]), Attributes = AgentAttributes.Parse("rack:r" + i + ";weight:" + (i + 0.5)) },
                Version = "1.11.0",
                Tasks = tasks,
                Frameworks = [old],
            }, "10.0.0." + i);
            clock.Advance(TimeSpan.FromMilliseconds(1234.5));
        }

        core.OnSubscribe(100, new SubscribeCall
        {
            Framework = new FrameworkInfo { User = "root", Name = "new", FailoverTimeoutSeconds = 0, Checkpoint = false, Capabilities = FrameworkCapabilities.MultiRole, Roles = ["*"] },
        });
        clock.Advance(TimeSpan.FromSeconds(1));
        core.Allocate();
        return core;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    private sealed class DropOutbox : IMasterOutbox
    {
        public void Send<T>(int peer, in T message)
        {
        }

        public void Close(int peer, string reason)
        {
        }
    }
}
