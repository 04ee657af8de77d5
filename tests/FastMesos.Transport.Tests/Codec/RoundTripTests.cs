using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>Every message survives encode → decode unchanged, and the wire layout rules hold.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<MessageType> Types => MessageCases.Types();

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_message_round_trips_with_generated_values(MessageType type) =>
        MessageCases.For(type).RoundTrip(iterations: 300);

    [Fact]
    public void Every_message_type_has_one_registry_entry()
    {
        var seen = new HashSet<MessageType>();
        foreach (var entry in MessageRegistry.Entries)
        {
            Assert.True(seen.Add(entry.Type), $"{entry.Type} is registered twice");
            Assert.Equal(entry.Type.ToString(), entry.ClrType.Name);
        }
        foreach (MessageType type in Enum.GetValues<MessageType>())
            Assert.Equal(type != MessageType.None, seen.Contains(type));
    }

    [Fact]
    public void A_type_that_is_not_a_message_cannot_be_written()
    {
        Assert.Equal(MessageType.None, MessageCodec.TypeOf<TaskInfo>());
        Assert.Throws<InvalidOperationException>(() => MessageCodec.Write(new ArrayBufferWriter<byte>(), "not a message"));
    }

    [Fact]
    public void Ping_layout_is_a_three_field_array()
    {
        // [sequence, timestamp, connected] as positive fixints and true.
        Assert.Equal(new byte[] { 0x93, 0x01, 0x02, 0xC3 }, Payload.Encode(new Ping(1, 2, Connected: true)));
        Assert.Equal(new byte[] { 0x92, 0x07, 0xFF }, Payload.Encode(new Pong(7, -1)));
    }

    [Fact]
    public void A_uuid_travels_as_16_bytes_in_RFC_4122_order()
    {
        var uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        byte[] bytes = Payload.Encode(new StatusUpdateAcknowledgement(new AgentId("a"), new FrameworkId("f"), new TaskId("t"), uuid));
        byte[] expected = [0x94, 0xA1, (byte)'a', 0xA1, (byte)'f', 0xA1, (byte)'t', 0xC4, 16,
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Fields_missing_from_an_older_sender_take_their_defaults()
    {
        byte[] ping = [0x92, 0x05, 0x06];
        Assert.Equal(new Ping(5, 6, Connected: true), MessageCodec.Decode<Ping>(new ReadOnlySequence<byte>(ping)));

        // A status update whose status carries only its two required fields.
        byte[] update = Payload.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write("fw");
            w.WriteArrayHeader(2);
            w.Write("task");
            w.Write((int)TaskState.Running);
        });
        StatusUpdate decoded = MessageCodec.Decode<StatusUpdate>(new ReadOnlySequence<byte>(update));
        Assert.Equal("task", decoded.Status.TaskId.Value);
        Assert.Equal(TaskState.Running, decoded.Status.State);
        Assert.Equal(TaskStatusSource.Master, decoded.Status.Source);
        Assert.Null(decoded.Status.Reason);
        Assert.Null(decoded.Status.Uuid);
        Assert.Empty(decoded.Status.Labels);
        Assert.Null(decoded.LatestState);

        byte[] command = Payload.Build((ref MessagePackWriter w) => w.WriteArrayHeader(0));
        var reader = new MessagePackReader(command);
        CommandInfo info = CommandInfoFormatter.Instance.Read(ref reader, StringPool.None);
        Assert.True(info.Shell);
    }

    [Fact]
    public void A_reregistration_from_an_agent_before_completed_frameworks_decodes_without_them()
    {
        var agent = new AgentInfo { Hostname = "h", Id = new AgentId("a1"), Resources = Resources.Parse("cpus:1") };
        byte[] sixFields = Payload.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6);
            AgentInfoFormatter.Instance.Write(ref w, agent);
            w.Write("1.11.0");
            ResourcesFormatter.Instance.Write(ref w, Resources.Empty);
            w.WriteArrayHeader(0);
            w.WriteArrayHeader(0);
            w.WriteArrayHeader(0);
        });

        ReregisterAgent decoded = MessageCodec.Decode<ReregisterAgent>(new ReadOnlySequence<byte>(sixFields));

        Assert.Equal("a1", decoded.Agent.Id?.Value);
        Assert.Empty(decoded.CompletedFrameworks);
    }

    [Fact]
    public void Fields_appended_by_a_newer_sender_are_skipped()
    {
        byte[] ping = Payload.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(7);
            w.Write(9UL);
            w.Write(10L);
            w.Write(false);
            w.Write("a field from the future");
            w.WriteArrayHeader(2);
            w.Write(1);
            w.WriteArrayHeader(1);
            w.WriteNil();
            w.WriteMapHeader(1);
            w.Write("k");
            w.Write(new byte[] { 1, 2, 3 });
            w.WriteExtensionFormat(new ExtensionResult(5, new byte[] { 9 }));
        });
        Assert.Equal(new Ping(9, 10, Connected: false), MessageCodec.Decode<Ping>(new ReadOnlySequence<byte>(ping)));
    }

    [Fact]
    public void Too_few_fields_name_the_message()
    {
        MessageDecodeException e = Payload.Fails(MessageType.StatusUpdateAcknowledgement, [0x93, 0xA1, 0x61, 0xA1, 0x62, 0xA1, 0x63]);
        Assert.Equal(MessageType.StatusUpdateAcknowledgement, e.MessageType);
        Assert.Contains("StatusUpdateAcknowledgement", e.Message);
        Assert.Contains("4 are required", e.Message);
    }
}
