using System.Buffers;
using System.Diagnostics;
using CsCheck;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Untrusted payloads: random bytes, mutated valid payloads, deep nesting and length headers that
/// lie. Each decodes or fails with <see cref="MessageDecodeException"/>, quickly and in bounded memory.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<MessageType> Types => MessageCases.Types();

    private static readonly Gen<MessageType> AnyType = Gen.OneOf(MessageCases.All).Select(c => c.Type);

    [Fact]
    public void Random_bytes_decode_or_fail_cleanly() =>
        Gen.Select(AnyType, Gen.Byte.Array[0, 300]).Sample((type, bytes) =>
            Payload.DecodesOrFailsCleanly(type, new ReadOnlySequence<byte>(bytes)), iter: 20_000);

    [Fact]
    public void Random_bytes_behind_a_plausible_header_decode_or_fail_cleanly() =>
        Gen.Select(AnyType, Gen.Byte[0x90, 0x9F], Gen.Byte.Array[0, 300]).Sample((type, header, bytes) =>
            Payload.DecodesOrFailsCleanly(type, new ReadOnlySequence<byte>([header, .. bytes])), iter: 20_000);

    /// <summary>Interesting bytes: nil, booleans, every length-header code, a negative fixint.</summary>
    private static readonly byte[] Interesting =
        [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCF, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xFF];

    private sealed record Mutation(int Kind, int Position, byte Value);

    private static readonly Gen<Mutation> AnyMutation =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Frequency((1, Gen.Byte), (1, Gen.OneOf(Interesting))),
            (k, p, v) => new Mutation(k, p, v));

    private static byte[] Apply(byte[] bytes, Mutation[] mutations)
    {
        var list = new List<byte>(bytes);
        foreach (Mutation m in mutations)
        {
            if (list.Count == 0)
                break;
            int at = m.Position % list.Count;
            switch (m.Kind)
            {
                case 0: list[at] ^= (byte)(1 << (m.Value & 7)); break;
                case 1: list[at] = m.Value; break;
                case 2: list.Insert(at, m.Value); break;
                default: list.RemoveAt(at); break;
            }
        }
        return [.. list];
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Mutated_payloads_decode_or_fail_cleanly(MessageType type) =>
        Gen.Select(MessageCases.For(type).Payloads, AnyMutation.Array[1, 4]).Sample((bytes, mutations) =>
        {
            byte[] mutated = Apply(bytes, mutations);
            Payload.DecodesOrFailsCleanly(type, new ReadOnlySequence<byte>(mutated));
            Payload.DecodesOrFailsCleanly(type, TestSequences.Split(mutated, mutated.Length / 2));
        }, iter: 3_000);

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_single_bit_flip_decodes_or_fails_cleanly(MessageType type) =>
        MessageCases.For(type).Payloads.Sample(bytes =>
        {
            foreach (int i in TestSequences.Offsets(bytes.Length, all: 200))
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    byte[] flipped = (byte[])bytes.Clone();
                    flipped[i] ^= (byte)(1 << bit);
                    Payload.DecodesOrFailsCleanly(type, new ReadOnlySequence<byte>(flipped));
                }
            }
        }, iter: 6);

    private static byte[] Nested(int depth, byte open = 0x91)
    {
        var bytes = new byte[depth + 1];
        bytes.AsSpan(0, depth).Fill(open);
        bytes[depth] = 0xC0;
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_thousand_nested_arrays_fail_cleanly(MessageType type) =>
        Payload.Fails(type, Nested(1000));

    [Fact]
    public void Nesting_hidden_in_a_skipped_field_hits_the_depth_limit()
    {
        // Ping's first three fields are fine; the fourth is unknown, so the reader skips it, and the
        // skip counts depth too. 100 000 levels would overflow the stack of a naive recursive skip.
        foreach (byte open in new byte[] { 0x91, 0x81 })
        {
            foreach (int depth in new[] { 40, 1000, 100_000 })
            {
                byte[] bytes = [0x94, 0x01, 0x02, 0xC3, .. Nested(depth, open)];
                if (open == 0x81)
                {
                    // A map of one entry needs a key before each nested value: {nil: {nil: ...}}.
                    bytes = [0x94, 0x01, 0x02, 0xC3, .. NestedMaps(depth)];
                }
                MessageDecodeException e = Payload.Fails(MessageType.Ping, bytes);
                Assert.Contains("nest deeper", e.Message);
            }
        }
    }

    private static byte[] NestedMaps(int depth)
    {
        var bytes = new List<byte>(depth * 2 + 1);
        for (int i = 0; i < depth; i++)
        {
            bytes.Add(0x81);
            bytes.Add(0xC0);
        }
        bytes.Add(0xC0);
        return [.. bytes];
    }

    [Fact]
    public void Legal_nesting_stays_well_inside_the_limit()
    {
        // ACCEPT → operation → task → health check → command → environment → variable is the deepest path.
        var accept = new AcceptCall
        {
            FrameworkId = new FrameworkId("f"),
            Operations =
            [
                new OfferOperation
                {
                    Type = OfferOperationType.Launch,
                    Tasks =
                    [
                        new TaskInfo
                        {
                            Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"),
                            HealthCheck = new HealthCheck
                            {
                                Type = HealthCheckType.Command,
                                Command = new CommandInfo { Environment = [new EnvironmentVariable("A", "1")] },
                            },
                        },
                    ],
                },
            ],
        };
        AcceptCall decoded = MessageCodec.Decode<AcceptCall>(new ReadOnlySequence<byte>(Payload.Encode(accept)));
        Assert.Equal("A", decoded.Operations[0].Tasks[0].HealthCheck!.Command!.Environment[0].Name);
    }

    public static TheoryData<string, MessageType, byte[]> LyingHeaders => new()
    {
        // array32 claiming 2^31 - 1 offers in a 20-byte payload.
        { "offers list", MessageType.OffersEvent, [0x91, 0xDD, 0x7F, 0xFF, 0xFF, 0xFF, .. new byte[14]] },
        // array32 with the top bit set (negative as an int).
        { "negative list", MessageType.OffersEvent, [0x91, 0xDD, 0xFF, 0xFF, 0xFF, 0xFF, 0x90] },
        // The message's own field count.
        { "field count", MessageType.Ping, [0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x02] },
        { "negative field count", MessageType.Ping, [0xDD, 0xFF, 0xFF, 0xFF, 0xFE, 0x01] },
        // str32 claiming 4 GB.
        { "string", MessageType.ShutdownAgent, [0x91, 0xDB, 0xFF, 0xFF, 0xFF, 0xFF, 0x61, 0x62] },
        { "large string", MessageType.ShutdownAgent, [0x91, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF, 0x61, 0x62] },
        // bin32 claiming 2 GB in a uuid.
        { "uuid", MessageType.StatusUpdateAcknowledgement, [0x94, 0xA1, 0x61, 0xA1, 0x62, 0xA1, 0x63, 0xC6, 0x7F, 0xFF, 0xFF, 0xFF, 0x00] },
        // bin32 claiming 2 GB of task data.
        { "data", MessageType.MessageEvent, [0x93, 0xA1, 0x61, 0xA1, 0x62, 0xC6, 0x7F, 0xFF, 0xFF, 0xFF, 0x00] },
        // map32 claiming 2^31 - 1 entries in a skipped trailing field.
        { "skipped map", MessageType.Pong, [0x93, 0x01, 0x02, 0xDF, 0x7F, 0xFF, 0xFF, 0xFF, 0xC0, 0xC0] },
        // array32 claiming 2^31 - 1 elements in a skipped trailing field.
        { "skipped array", MessageType.Pong, [0x93, 0x01, 0x02, 0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0xC0, 0xC0] },
        // A range list claiming 2^31 - 1 bounds inside a resource of an offer.
        { "ranges", MessageType.OffersEvent,
            [0x91, 0x91, 0x95, 0xA1, 0x6F, 0xA1, 0x66, 0xA1, 0x61, 0xA1, 0x68, 0x91, 0x93, 0xA5, .. "ports"u8, 0x01, 0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0x00] },
    };

    [Theory]
    [MemberData(nameof(LyingHeaders))]
    public void Length_headers_that_lie_fail_before_allocating(string what, MessageType type, byte[] bytes)
    {
        Payload.Fails(type, bytes); // warm up: the first call allocates static state
        var watch = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        MessageDecodeException e = Payload.Fails(type, bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{what}: decoding allocated {allocated} bytes");
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{what}: decoding took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(type, e.MessageType);
    }

    [Fact]
    public void A_resource_bag_over_the_entry_limit_is_refused()
    {
        var entries = new Resource[CodecLimits.MaxResourceEntries + 1];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = Resource.CreateScalar("r" + i, 1);
        byte[] bytes = Payload.Encode(new RegisterAgent
        {
            Agent = new AgentInfo { Hostname = "h", Resources = Resources.From(entries) },
            Version = "1",
        });
        MessageDecodeException e = Payload.Fails(MessageType.RegisterAgent, bytes);
        Assert.Equal("Agent.Resources", e.Path);
    }

    [Fact]
    public void Failures_name_the_field_path()
    {
        byte[] update = Payload.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write("fw");
            w.WriteArrayHeader(2);
            w.Write("task");
            w.Write(99);
        });
        MessageDecodeException e = Payload.Fails(MessageType.StatusUpdate, update);
        Assert.Equal("Status.State", e.Path);
        Assert.Contains("99 is not a known TaskState", e.Message);
        Assert.Contains("StatusUpdate", e.Message);

        var offer = new Offer
        {
            Id = new OfferId("o"), FrameworkId = new FrameworkId("f"), AgentId = new AgentId("a"), Hostname = "h",
            Resources = Resources.Parse("cpus:1;mem(web):2"),
        };
        byte[] offers = Payload.Encode(new OffersEvent { Offers = [offer, offer] });
        // Corrupt the role of the second offer's second resource: "web" becomes "w b".
        int at = offers.AsSpan().LastIndexOf("web"u8);
        offers[at + 1] = (byte)' ';
        e = Payload.Fails(MessageType.OffersEvent, offers);
        Assert.Equal("Offers[1].Resources[1]", e.Path);
    }

    public static TheoryData<string, MessageType, byte[]> Malformed => new()
    {
        { "trailing bytes", MessageType.Ping, [0x93, 0x01, 0x02, 0xC3, 0xC0] },
        { "string where an integer goes", MessageType.Ping, [0x93, 0xA1, 0x61, 0x02, 0xC3] },
        { "nil required id", MessageType.RescindEvent, [0x91, 0xC0] },
        { "short uuid", MessageType.StatusUpdateAcknowledgement, [0x94, 0xA1, 0x61, 0xA1, 0x62, 0xA1, 0x63, 0xC4, 0x02, 0x00, 0x00] },
        { "uuid as a string", MessageType.StatusUpdateAcknowledgement, [0x94, 0xA1, 0x61, 0xA1, 0x62, 0xA1, 0x63, 0xA1, 0x63] },
        { "invalid UTF-8", MessageType.ErrorEvent, [0x91, 0xA2, 0xC3, 0x28] },
        { "lone surrogate in UTF-8", MessageType.ErrorEvent, [0x91, 0xA3, 0xED, 0xA0, 0x80] },
        { "unknown capability bit", MessageType.SubscribeCall, [0x91, 0x9A, 0xA1, 0x75, 0xA1, 0x6E, 0xC0, 0x00, 0xC2, 0x90, 0xC0, 0xC0, 0xC0, 0xCD, 0x01, 0x00] },
        { "negative scalar", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA3, .. "cpu"u8, 0x00, 0xFF, 0xC4, 16, .. new byte[16]] },
        { "odd range bounds", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA1, 0x70, 0x01, 0x93, 0x01, 0x02, 0x03, 0xC4, 16, .. new byte[16]] },
        { "range begin after end", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA1, 0x70, 0x01, 0x92, 0x05, 0x02, 0xC4, 16, .. new byte[16]] },
        { "unknown resource type", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA1, 0x70, 0x07, 0x01, 0xC4, 16, .. new byte[16]] },
        { "empty set item", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA1, 0x73, 0x02, 0x91, 0xA0, 0xC4, 16, .. new byte[16]] },
        { "duplicate resource kinds", MessageType.ApplyOperation, [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x92, 0x93, 0xA1, 0x63, 0x00, 0x01, 0x93, 0xA1, 0x63, 0x00, 0x01, 0xC4, 16, .. new byte[16]] },
        { "duplicate attribute names", MessageType.RegisterAgent, [0x92, 0x95, 0xA1, 0x68, 0x01, 0xC0, 0x90, 0x92, 0x93, 0xA1, 0x6E, 0x03, 0xA1, 0x78, 0x93, 0xA1, 0x6E, 0x03, 0xA1, 0x79, 0xA1, 0x31] },
        { "infinite attribute", MessageType.RegisterAgent, [0x92, 0x95, 0xA1, 0x68, 0x01, 0xC0, 0x90, 0x91, 0x93, 0xA1, 0x6E, 0x00, 0xCB, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0, 0xA1, 0x31] },
        { "empty payload", MessageType.HeartbeatEvent, [] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_payloads_fail_cleanly(string what, MessageType type, byte[] bytes)
    {
        MessageDecodeException e = Payload.Fails(type, bytes);
        Assert.False(string.IsNullOrEmpty(e.Reason), what);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(ushort.MaxValue)]
    public void Unknown_message_types_fail_cleanly(ushort type)
    {
        MessageDecodeException e = Assert.Throws<MessageDecodeException>(() =>
            MessageCodec.Decode(type, new ReadOnlySequence<byte>([0x90]), new RecordingVisitor()));
        Assert.Contains("not a known message type", e.Message);
    }

    [Fact]
    public void A_visitors_own_exception_is_not_wrapped()
    {
        byte[] bytes = Payload.Encode(new Ping(1, 2));
        Assert.Throws<InvalidTimeZoneException>(() =>
            MessageCodec.Decode((ushort)MessageType.Ping, new ReadOnlySequence<byte>(bytes), new ThrowingVisitor()));
    }

    private sealed class ThrowingVisitor : IMessageVisitor
    {
        public void Unexpected(MessageType type) => throw new InvalidTimeZoneException();
    }
}
