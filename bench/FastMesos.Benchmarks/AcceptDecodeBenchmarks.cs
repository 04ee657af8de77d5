using System.Buffers;
using BenchmarkDotNet.Attributes;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Benchmarks;

/// <summary>
/// Decoding a Marathon ACCEPT: one offer, ten tasks of one app, each with the environment Marathon
/// gives a task (specs/marathon.md §2 "Task env"). A task's id and port are its own, but each
/// repeats within the task (MESOS_TASK_ID is the id; PORT and PORTS are PORT0) and the rest repeat
/// per app or per agent, so after a task's first few strings the pool mostly hits. Each call decodes
/// ten tasks with fresh ids against a pool that has seen earlier batches, as a busy master's does
/// (the 1,000 × 1,000 Marathon scenario, perf-reports/2026-12-05-marathon-million.md).
/// <para>
/// The master's own pool forwards commands (<see cref="StringPool.ForwardsCommands"/>): each
/// command is checked and copied in its encoding, and written as it came into the RunTask for the
/// agent. The Forwarding rows measure that path; the others decode and re-encode the commands, as
/// the master did before and as any other reader of an ACCEPT does.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class AcceptDecodeBenchmarks
{
    private const int Batches = 64;
    // Seeded so every run interns the same strings (see CodecBenchmarks).
    private readonly StringPool _strings = new(4096, 128, seed: 1);
    private readonly StringPool _forwarding = new(4096, 128, seed: 1) { ForwardsCommands = true };
    private readonly ReadOnlySequence<byte>[] _payloads = new ReadOnlySequence<byte>[Batches];
    private readonly AcceptCall[] _calls = new AcceptCall[Batches];
    private readonly AcceptCall[] _sharedCalls = new AcceptCall[Batches];
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly FrameworkInfo _framework = new() { Name = "marathon", User = "root" };
    private IReadOnlyList<TaskInfo> _decodedTasks = [];
    private IReadOnlyList<TaskInfo> _forwardedTasks = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var framework = new FrameworkId("20261205-045200-16777343-5050-1-0000");
        var agent = new AgentId("20261205-045200-16777343-5050-1-S417");
        var appVariables = new EnvironmentVariable[8][];
        for (int app = 0; app < appVariables.Length; app++)
        {
            appVariables[app] =
            [
                new("MARATHON_APP_ID", $"/apps/app-{app:D4}"),
                new("MARATHON_APP_VERSION", "2026-12-05T04:52:14.123Z"),
                new("MARATHON_APP_DOCKER_IMAGE", ""),
                new("MARATHON_APP_RESOURCE_CPUS", "0.01"),
                new("MARATHON_APP_RESOURCE_MEM", "8.0"),
                new("MARATHON_APP_RESOURCE_DISK", "0.0"),
                new("MARATHON_APP_RESOURCE_GPUS", "0"),
                new("MARATHON_APP_LABELS", ""),
            ];
        }

        for (int batch = 0; batch < Batches; batch++)
        {
            var tasks = new TaskInfo[10];
            var sharedTasks = new TaskInfo[10];
            for (int i = 0; i < tasks.Length; i++)
            {
                string taskId = $"apps_app-{batch % 8:D4}.instance-0193a{batch:D3}{i:D2}-7c1e-7000-8000-{batch * 10 + i:D12}._app.1";
                string port = (31000 + batch * 10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                EnvironmentVariable[] own =
                [
                    new("PORT0", port),
                    new("PORT", port),
                    new("PORTS", port),
                    new("HOST", "agent-417.sim"),
                    new("MESOS_TASK_ID", taskId),
                ];
                tasks[i] = new TaskInfo
                {
                    Name = $"app-{batch % 8:D4}.apps",
                    TaskId = new TaskId(taskId),
                    AgentId = agent,
                    Resources = Resources.Parse($"cpus:0.01;mem:8;ports:[{port}-{port}]"),
                    Command = new CommandInfo { Value = "sleep 3600", Environment = [.. appVariables[batch % 8], .. own] },
                };
                sharedTasks[i] = tasks[i] with { Command = tasks[i].Command! with { Environment = new SharedPrefixList(appVariables[batch % 8], own) } };
            }
            var call = new AcceptCall
            {
                FrameworkId = framework,
                OfferIds = [new OfferId($"20261205-045200-16777343-5050-1-O{batch}")],
                Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = tasks }],
            };
            _calls[batch] = call;
            _sharedCalls[batch] = call with { Operations = [call.Operations[0] with { Tasks = sharedTasks }] };
            var buffer = new ArrayBufferWriter<byte>();
            MessageCodec.Write(buffer, in call);
            _payloads[batch] = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
        }
        _decodedTasks = MessageCodec.Decode<AcceptCall>(_payloads[0], StringPool.None).Operations[0].Tasks;
        _forwardedTasks = MessageCodec.Decode<AcceptCall>(_payloads[0], _forwarding).Operations[0].Tasks;
    }

    [Benchmark(Description = "DecodeAccept (10 Marathon tasks)")]
    public int DecodeAccept()
    {
        ReadOnlySequence<byte> payload = _payloads[_next];
        _next = (_next + 1) % Batches;
        return MessageCodec.Decode<AcceptCall>(payload, _strings).Operations[0].Tasks.Count;
    }

    [Benchmark(Description = "DecodeAccept (10 Marathon tasks), commands forwarded")]
    public int DecodeAcceptForwarding()
    {
        ReadOnlySequence<byte> payload = _payloads[_next];
        _next = (_next + 1) % Batches;
        return MessageCodec.Decode<AcceptCall>(payload, _forwarding).Operations[0].Tasks.Count;
    }

    [Benchmark(Description = "EncodeAccept (10 Marathon tasks), environments as arrays")]
    public int EncodeAccept() => WriteAccept(_calls);

    [Benchmark(Description = "EncodeAccept (10 Marathon tasks), app variables shared")]
    public int EncodeAcceptShared() => WriteAccept(_sharedCalls);

    [Benchmark(Description = "EncodeRunTask x10, decoded commands")]
    public int EncodeRunTasks() => WriteRunTasks(_decodedTasks);

    [Benchmark(Description = "EncodeRunTask x10, commands forwarded")]
    public int EncodeRunTasksForwarded() => WriteRunTasks(_forwardedTasks);

    private int WriteAccept(AcceptCall[] calls)
    {
        AcceptCall call = calls[_next];
        _next = (_next + 1) % Batches;
        _buffer.ResetWrittenCount();
        MessageCodec.Write(_buffer, in call);
        return _buffer.WrittenCount;
    }

    private int WriteRunTasks(IReadOnlyList<TaskInfo> tasks)
    {
        _buffer.ResetWrittenCount();
        for (int i = 0; i < tasks.Count; i++)
        {
            var message = new RunTask { Framework = _framework, Task = tasks[i] };
            MessageCodec.Write(_buffer, in message);
        }
        return _buffer.WrittenCount;
    }

    /// <summary>An app's variables, shared by its tasks, then a task's own (what Marathon's LaunchEnvironment is).</summary>
    private sealed class SharedPrefixList(EnvironmentVariable[] shared, EnvironmentVariable[] own) : ISharedPrefixList<EnvironmentVariable>
    {
        public EnvironmentVariable[] SharedPrefix => shared;

        public int Count => shared.Length + own.Length;

        public EnvironmentVariable this[int index] => index < shared.Length ? shared[index] : own[index - shared.Length];

        public IEnumerator<EnvironmentVariable> GetEnumerator() => shared.Concat(own).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
