using System.Buffers;
using CsCheck;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>One message type under test: its generator, and the encode/decode steps typed for it.</summary>
internal abstract class MessageCase
{
    public abstract MessageType Type { get; }

    /// <summary>Generated messages, already encoded.</summary>
    public abstract Gen<byte[]> Payloads { get; }

    /// <summary>Property: every generated message decodes to an equal message, re-encodes to the same bytes, and dispatches to its own Visit overload.</summary>
    public abstract void RoundTrip(long iterations);

    /// <summary>Decodes as this message type and encodes the result again.</summary>
    public abstract byte[] DecodeAndReencode(in ReadOnlySequence<byte> payload, StringPool strings);

    public override string ToString() => Type.ToString();
}

internal sealed class MessageCase<T>(Gen<T> gen) : MessageCase
{
    public override MessageType Type => MessageCodec<T>.Type;

    public override Gen<byte[]> Payloads => gen.Select(m => Encode(m));

    public static byte[] Encode(T message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, in message);
        return buffer.WrittenSpan.ToArray();
    }

    public override void RoundTrip(long iterations) => gen.Sample(message =>
    {
        byte[] bytes = Encode(message);
        // A tiny pool: random strings keep evicting each other, which must never change a result.
        T decoded = MessageCodec.Decode<T>(new ReadOnlySequence<byte>(bytes), new StringPool(8));
        Structural.AssertEqual(message, decoded);
        Assert.Equal(bytes, Encode(decoded));

        var visitor = new RecordingVisitor();
        MessageCodec.Decode((ushort)Type, new ReadOnlySequence<byte>(bytes), visitor, StringPool.None);
        Assert.Equal(Type, visitor.Type);
        Structural.AssertEqual(message, visitor.Message);
    }, iter: iterations);

    public override byte[] DecodeAndReencode(in ReadOnlySequence<byte> payload, StringPool strings) =>
        Encode(MessageCodec.Decode<T>(payload, strings));
}

/// <summary>A generator for every message type, each drawing every field (including empty and null optional ones).</summary>
internal static class MessageCases
{
    public static readonly MessageCase[] All =
    [
        // Master ↔ agent.
        new MessageCase<RegisterAgent>(Gen.Select(Gens.AgentInfo, Gens.Text, Gens.Resources,
            (a, v, r) => new RegisterAgent { Agent = a, Version = v, CheckpointedResources = r })),
        new MessageCase<ReregisterAgent>(Gen.Select(Gens.AgentInfo, Gens.Text, Gens.Resources, Gens.ExecutorInfo.Array[0, 2],
            Gens.LaunchedTask.Array[0, 3], Gens.FrameworkInfo.Array[0, 2], Gens.CompletedFramework.Array[0, 2],
            (a, v, r, e, t, f, c) => new ReregisterAgent { Agent = a, Version = v, CheckpointedResources = r, Executors = e, Tasks = t, Frameworks = f, CompletedFrameworks = c })),
        new MessageCase<AgentRegistered>(Gen.Select(Gens.AgentId, Gen.Double, Gen.Double, Gens.HeartbeatChannel.Nullable(0.4),
            (id, h, p, hb) => new AgentRegistered { AgentId = id, HeartbeatIntervalSeconds = h, TotalPingTimeoutSeconds = p, Heartbeats = hb })),
        new MessageCase<AgentReregistered>(Gen.Select(Gens.AgentId, Gen.Double, Gen.Double, Gens.HeartbeatChannel.Nullable(0.4),
            (id, h, p, hb) => new AgentReregistered { AgentId = id, HeartbeatIntervalSeconds = h, TotalPingTimeoutSeconds = p, Heartbeats = hb })),
        new MessageCase<ShutdownAgent>(Gens.Text.Select(m => new ShutdownAgent(m))),
        new MessageCase<Ping>(Gen.Select(Gen.ULong, Gen.Long, Gen.Bool, (s, t, c) => new Ping(s, t, c))),
        new MessageCase<Pong>(Gen.Select(Gen.ULong, Gen.Long, (s, t) => new Pong(s, t))),
        new MessageCase<RunTask>(Gen.Select(Gens.FrameworkInfo, Gens.TaskInfo, (f, t) => new RunTask { Framework = f, Task = t })),
        new MessageCase<RunTaskGroup>(Gen.Select(Gens.FrameworkInfo, Gens.ExecutorInfo, Gens.TaskInfo.Array[0, 3],
            (f, e, t) => new RunTaskGroup { Framework = f, Executor = e, Tasks = t })),
        new MessageCase<KillTask>(Gen.Select(Gens.FrameworkId, Gens.TaskId, Gens.KillPolicy.Nullable(0.5), (f, t, k) => new KillTask(f, t, k))),
        new MessageCase<ShutdownFramework>(Gens.FrameworkId.Select(f => new ShutdownFramework(f))),
        new MessageCase<ApplyOperation>(Gen.Select(Gens.FrameworkId.Nullable(0.4), Gens.OfferOperation, Gen.Guid,
            (f, o, u) => new ApplyOperation { FrameworkId = f, Operation = o, OperationUuid = u })),
        new MessageCase<StatusUpdate>(Gen.Select(Gens.FrameworkId, Gens.TaskStatus, Gen.Enum<TaskState>().Nullable(0.5),
            (f, s, l) => new StatusUpdate(f, s, l))),
        new MessageCase<StatusUpdateAcknowledgement>(Gen.Select(Gens.AgentId, Gens.FrameworkId, Gens.TaskId, Gen.Guid,
            (a, f, t, u) => new StatusUpdateAcknowledgement(a, f, t, u))),

        // Scheduler calls.
        new MessageCase<SubscribeCall>(Gen.Select(Gens.FrameworkInfo, Gens.Role.Array[0, 3],
            (f, r) => new SubscribeCall { Framework = f, SuppressedRoles = r })),
        new MessageCase<TeardownCall>(Gens.FrameworkId.Select(f => new TeardownCall(f))),
        new MessageCase<AcceptCall>(Gen.Select(Gens.FrameworkId, Gens.OfferId.Array[0, 3], Gens.OfferOperation.Array[0, 3], Gens.Filters.Nullable(0.4),
            (f, o, ops, filters) => new AcceptCall { FrameworkId = f, OfferIds = o, Operations = ops, Filters = filters })),
        new MessageCase<DeclineCall>(Gen.Select(Gens.FrameworkId, Gens.OfferId.Array[0, 3], Gens.Filters.Nullable(0.4),
            (f, o, filters) => new DeclineCall { FrameworkId = f, OfferIds = o, Filters = filters })),
        new MessageCase<ReviveCall>(Gen.Select(Gens.FrameworkId, Gens.Role.Array[0, 3], (f, r) => new ReviveCall { FrameworkId = f, Roles = r })),
        new MessageCase<KillCall>(Gen.Select(Gens.FrameworkId, Gens.TaskId, Gens.AgentId.Nullable(0.4), Gens.KillPolicy.Nullable(0.5),
            (f, t, a, k) => new KillCall(f, t, a, k))),
        new MessageCase<ShutdownCall>(Gen.Select(Gens.FrameworkId, Gens.ExecutorId, Gens.AgentId, (f, e, a) => new ShutdownCall(f, e, a))),
        new MessageCase<AcknowledgeCall>(Gen.Select(Gens.FrameworkId, Gens.AgentId, Gens.TaskId, Gen.Guid,
            (f, a, t, u) => new AcknowledgeCall(f, a, t, u))),
        new MessageCase<ReconcileCall>(Gen.Select(Gens.FrameworkId, Gens.ReconcileTask.Array[0, 4],
            (f, t) => new ReconcileCall { FrameworkId = f, Tasks = t })),
        new MessageCase<MessageCall>(Gen.Select(Gens.FrameworkId, Gens.AgentId, Gens.ExecutorId, Gens.Bytes,
            (f, a, e, d) => new MessageCall { FrameworkId = f, AgentId = a, ExecutorId = e, Data = d })),
        new MessageCase<SuppressCall>(Gen.Select(Gens.FrameworkId, Gens.Role.Array[0, 3], (f, r) => new SuppressCall { FrameworkId = f, Roles = r })),
        new MessageCase<UpdateFrameworkCall>(Gen.Select(Gens.FrameworkInfo, Gens.Role.Array[0, 3],
            (f, r) => new UpdateFrameworkCall { Framework = f, SuppressedRoles = r })),

        // Scheduler events.
        new MessageCase<SubscribedEvent>(Gen.Select(Gens.FrameworkId, Gen.Double, Gens.MasterInfo.Null(0.3),
            (f, h, m) => new SubscribedEvent { FrameworkId = f, HeartbeatIntervalSeconds = h, Master = m })),
        new MessageCase<OffersEvent>(Gens.Offer.Array[0, 4].Select(o => new OffersEvent { Offers = o })),
        new MessageCase<RescindEvent>(Gens.OfferId.Select(o => new RescindEvent(o))),
        new MessageCase<UpdateEvent>(Gens.TaskStatus.Select(s => new UpdateEvent(s))),
        new MessageCase<MessageEvent>(Gen.Select(Gens.AgentId, Gens.ExecutorId, Gens.Bytes,
            (a, e, d) => new MessageEvent { AgentId = a, ExecutorId = e, Data = d })),
        new MessageCase<FailureEvent>(Gen.Select(Gens.AgentId.Nullable(0.4), Gens.ExecutorId.Nullable(0.4), Gen.Int.Nullable(0.4),
            (a, e, s) => new FailureEvent { AgentId = a, ExecutorId = e, Status = s })),
        new MessageCase<ErrorEvent>(Gens.Text.Select(m => new ErrorEvent(m))),
        new MessageCase<HeartbeatEvent>(Gen.Const(default(HeartbeatEvent))),
    ];

    public static MessageCase For(MessageType type)
    {
        foreach (MessageCase c in All)
        {
            if (c.Type == type)
                return c;
        }
        throw new ArgumentException($"no test case for {type}", nameof(type));
    }

    /// <summary>Every message type the enum defines, for theories.</summary>
    public static TheoryData<MessageType> Types()
    {
        var data = new TheoryData<MessageType>();
        foreach (MessageType t in Enum.GetValues<MessageType>())
        {
            if (t != MessageType.None)
                data.Add(t);
        }
        return data;
    }
}
