using System.Buffers;
using BenchmarkDotNet.Attributes;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Benchmarks;

/// <summary>
/// Encode and decode time and bytes per message for the hot messages (specs/performance.md §6:
/// MessagePack-CSharp's IntKey objects take ~73–84 ns each way). Encoding goes into a reused
/// buffer, decoding reads from a pre-encoded payload with a private string pool, so the Allocated
/// column shows what the codec itself allocates per message (0 B for ping, pong, acks and status
/// updates once their ids are pooled; 0 B for 10 offers decoded for a visitor, as connections do,
/// since the offers are structs in a pooled array lent for the visit and the bags and attributes are
/// shared through the pool's value caches; DecodeOffersOwned, through Decode&lt;T&gt; whose result the
/// caller keeps, allocates the OffersEvent and its Offer[]).
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    // Seeded: with a random seed an occasional run has three strings in one slot pair and reports
    // a decode that allocates (see AllocationTests.SeededPool).
    private readonly StringPool _strings = new(1024, 128, seed: 1);
    private Ping _ping;
    private StatusUpdateAcknowledgement _ack;
    private StatusUpdate _update;
    private OffersEvent _offers = null!;
    private readonly OfferCounter _offerCounter = new();
    private ReadOnlySequence<byte> _pingPayload, _ackPayload, _updatePayload, _offersPayload, _reregistrationPayload;

    [GlobalSetup]
    public void Setup()
    {
        var agent = new AgentId("20261126-074400-16777343-5050-1-S12");
        var framework = new FrameworkId("20261126-074400-16777343-5050-1-0007");
        var task = new TaskId("webapp.9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
        _ping = new Ping(42, 1_700_000_000_000);
        _ack = new StatusUpdateAcknowledgement(agent, framework, task, Guid.NewGuid());
        _update = new StatusUpdate(framework, new TaskStatus
        {
            TaskId = task,
            State = TaskState.Running,
            Source = TaskStatusSource.Executor,
            AgentId = agent,
            Uuid = Guid.NewGuid(),
            Timestamp = 1_700_000_000.25,
            Healthy = true,
        });
        // Ten offers of one agent shape (DeclineOffers' agents), each with its own offer id, agent and
        // host, as a master sends them; the resource bag and attributes repeat byte for byte.
        var batch = new Offer[10];
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = new Offer
            {
                Id = new OfferId($"20261126-074400-16777343-5050-1-O{i}"),
                FrameworkId = framework,
                AgentId = new AgentId($"20261126-074400-16777343-5050-1-S{i}"),
                Hostname = $"agent-{i}.example.com",
                Resources = Resources.Parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]"),
                Attributes = AgentAttributes.Parse("rack_id:r1;zone:a"),
                AllocationRole = "*",
            };
        }
        _offers = new OffersEvent { Offers = batch };
        _pingPayload = Encode(in _ping);
        _ackPayload = Encode(in _ack);
        _updatePayload = Encode(in _update);
        _offersPayload = Encode(in _offers);
        ReregisterAgent reregistration = Reregistration(agent, new FrameworkInfo { User = "bench", Name = "bench", Id = framework });
        _reregistrationPayload = Encode(in reregistration);
    }

    /// <summary>
    /// An agent's re-registration after a master failover in §8.2d's D-10k-100k-1M: its 10 running
    /// tasks and 100 completed ones of one framework, every task on the same bag (the simulator's
    /// shape), as the simulated agents send it.
    /// </summary>
    private static ReregisterAgent Reregistration(AgentId agent, FrameworkInfo framework)
    {
        Resources bag = Resources.Parse("cpus:0.1;mem:32");
        var running = new LaunchedTask[10];
        for (int i = 0; i < running.Length; i++)
            running[i] = Task($"bench-{i}", $"bench-{agent.Value}-{i}", TaskState.Running);
        var completed = new LaunchedTask[100];
        for (int i = 0; i < completed.Length; i++)
            completed[i] = Task($"done-{i}", $"done-{agent.Value}-{i}", TaskState.Finished);
        return new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = "agent-12.example.com", Id = agent, Resources = Resources.Parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]") },
            Version = "1.11.0",
            Tasks = running,
            Frameworks = [framework],
            CompletedFrameworks = [new CompletedFramework { Framework = framework, Tasks = completed }],
        };

        LaunchedTask Task(string name, string id, TaskState state) => new()
        {
            Name = name, TaskId = new TaskId(id), FrameworkId = framework.Id!.Value, AgentId = agent, State = state, Resources = bag,
        };
    }

    private static ReadOnlySequence<byte> Encode<T>(in T message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, in message);
        return new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }

    [Benchmark]
    public int EncodePing() => Write(in _ping);

    [Benchmark]
    public ulong DecodePing() => MessageCodec.Decode<Ping>(_pingPayload, _strings).Sequence;

    [Benchmark]
    public int EncodeAck() => Write(in _ack);

    [Benchmark]
    public Guid DecodeAck() => MessageCodec.Decode<StatusUpdateAcknowledgement>(_ackPayload, _strings).Uuid;

    [Benchmark]
    public int EncodeStatusUpdate() => Write(in _update);

    [Benchmark]
    public TaskState DecodeStatusUpdate() => MessageCodec.Decode<StatusUpdate>(_updatePayload, _strings).Status.State;

    [Benchmark(Description = "EncodeOffers (10 offers)")]
    public int EncodeOffers() => Write(in _offers);

    [Benchmark(Description = "DecodeOffers (10 offers)")]
    public int DecodeOffers()
    {
        MessageCodec.Decode((ushort)MessageType.OffersEvent, _offersPayload, _offerCounter, _strings);
        return _offerCounter.Count;
    }

    [Benchmark(Description = "DecodeOffersOwned (10 offers)")]
    public int DecodeOffersOwned() => MessageCodec.Decode<OffersEvent>(_offersPayload, _strings).Offers.Count;

    [Benchmark(Description = "DecodeReregistration (10 tasks, 100 completed)")]
    public int DecodeReregistration() => MessageCodec.Decode<ReregisterAgent>(_reregistrationPayload, _strings).CompletedFrameworks.Count;

    private int Write<T>(in T message)
    {
        _buffer.ResetWrittenCount();
        MessageCodec.Write(_buffer, in message);
        return _buffer.WrittenCount;
    }

    /// <summary>Reads the lent offers by index, as a connection's visitor does before copying what it keeps.</summary>
    private sealed class OfferCounter : IMessageVisitor
    {
        public int Count;

        public void Unexpected(MessageType type) => Count = -1;

        public void Visit(in OffersEvent message)
        {
            IReadOnlyList<Offer> offers = message.Offers;
            int count = 0;
            for (int i = 0; i < offers.Count; i++)
                count += offers[i].Resources.IsEmpty ? 0 : 1;
            Count = count;
        }
    }
}
