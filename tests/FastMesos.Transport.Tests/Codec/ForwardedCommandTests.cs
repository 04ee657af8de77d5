using System.Buffers;
using CsCheck;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// A pool that forwards commands (the master's): an ACCEPT's task commands stay in their encoding,
/// reach the agent in RunTask exactly as the framework sent them, and are refused at the master
/// whenever a full decode would refuse them, with the same reason.
/// </summary>
public sealed class ForwardedCommandTests
{
    private static readonly StringPool Forwarding = new(64) { ForwardsCommands = true };

    private static readonly FrameworkInfo Framework = new() { Name = "marathon", User = "root" };

    private static readonly Gen<AcceptCall> Accepts = Gen.Select(Gens.FrameworkId, Gens.OfferOperation.Array[1, 3],
        (framework, operations) => new AcceptCall { FrameworkId = framework, OfferIds = [], Operations = operations });

    [Fact]
    public void A_command_the_master_forwards_reaches_the_agent_as_the_framework_sent_it() =>
        Accepts.Sample(accept =>
        {
            ReadOnlySequence<byte> payload = new(Payload.Encode(accept));
            AcceptCall atMaster = MessageCodec.Decode<AcceptCall>(payload, Forwarding);
            AcceptCall decoded = MessageCodec.Decode<AcceptCall>(payload, StringPool.None);

            for (int o = 0; o < decoded.Operations.Count; o++)
            {
                for (int t = 0; t < decoded.Operations[o].Tasks.Count; t++)
                {
                    TaskInfo forwarded = atMaster.Operations[o].Tasks[t];
                    TaskInfo expected = decoded.Operations[o].Tasks[t];
                    // The master decodes nothing of a command but knows whether there is one.
                    Assert.Equal(expected.Command is null, forwarded.Command is null);
                    if (forwarded.Command is not null)
                        Assert.False(forwarded.Command.Encoded.IsEmpty);

                    var sent = new RunTask { Framework = Framework, Task = forwarded };
                    RunTask atAgent = MessageCodec.Decode<RunTask>(new ReadOnlySequence<byte>(Payload.Encode(sent)), StringPool.None);

                    Structural.AssertEqual(expected, atAgent.Task);
                }
            }
        });

    [Fact]
    public void A_mutated_accept_is_refused_by_the_master_exactly_when_a_full_decode_refuses_it() =>
        Gen.Select(Accepts, Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 4]).Sample((accept, mutations) =>
        {
            byte[] bytes = Payload.Encode(accept);
            foreach ((int position, byte value) in mutations)
                bytes[position % bytes.Length] = value;
            var payload = new ReadOnlySequence<byte>(bytes);

            bool full = MessageCodec.TryDecode(payload, out AcceptCall? _, out MessageDecodeException? fullError, StringPool.None);
            bool forwarding = MessageCodec.TryDecode(payload, out AcceptCall? _, out MessageDecodeException? forwardingError, Forwarding);

            Assert.Equal(full, forwarding);
            Assert.Equal(fullError?.Message, forwardingError?.Message);
        });

    [Fact]
    public void An_environment_value_that_is_not_UTF_8_is_refused_at_the_master_naming_the_field()
    {
        byte[] bytes = Payload.Encode(Accept(Marathon_task()));
        // "é" is C3 A9 in UTF-8; C3 28 is no character.
        int accent = bytes.AsSpan().IndexOf("\u00e9"u8);
        Assert.True(accent > 0);
        bytes[accent + 1] = 0x28;

        Assert.False(MessageCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out AcceptCall? _, out MessageDecodeException? error, Forwarding));
        Assert.Contains("Environment", error!.Message);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void A_forwarded_command_costs_nothing_per_variable_nor_per_byte()
    {
        // Thirteen more variables: a decode would make their strings and a longer array; forwarding
        // checks them and lends their bytes from the payload, so the allocation does not grow.
        TaskInfo task = Marathon_task();
        var more = new List<EnvironmentVariable>(task.Command!.Environment);
        for (int i = 0; i < 13; i++)
            more.Add(new EnvironmentVariable($"EXTRA_{i}", $"value-{i}-{Guid.NewGuid():N}"));
        TaskInfo longer = task with { Command = task.Command with { Environment = more } };

        (long bytes, int encoded) = ForwardingCost(task);
        (long longerBytes, int longerEncoded) = ForwardingCost(longer);

        Assert.Equal(bytes, longerBytes);
        Assert.True(longerEncoded - encoded > 13 * 40, "the extra variables are in the forwarded bytes");
    }

    [Fact]
    public void A_forwarded_command_is_lent_from_one_buffer_and_copied_when_split_between_two()
    {
        byte[] bytes = Payload.Encode(Accept(Marathon_task()));
        ReadOnlyMemory<byte> whole = MessageCodec.Decode<AcceptCall>(new ReadOnlySequence<byte>(bytes), Forwarding)
            .Operations[0].Tasks[0].Command!.Encoded;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(whole, out ArraySegment<byte> lent));
        Assert.Same(bytes, lent.Array);

        // The same payload in two segments split inside the command's environment.
        int split = bytes.AsSpan().IndexOf("MARATHON_APP_ID"u8);
        Assert.True(split > 0);
        ReadOnlySequence<byte> twoPieces = TestSequences.Split(bytes, split);
        Assert.False(twoPieces.IsSingleSegment);
        TaskInfo forwarded = MessageCodec.Decode<AcceptCall>(twoPieces, Forwarding).Operations[0].Tasks[0];
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(forwarded.Command!.Encoded, out ArraySegment<byte> copied));
        Assert.NotSame(bytes, copied.Array);
        Assert.Equal(whole.ToArray(), forwarded.Command.Encoded.ToArray());

        // Either way the agent gets the command the framework sent.
        RunTask atAgent = MessageCodec.Decode<RunTask>(new ReadOnlySequence<byte>(Payload.Encode(new RunTask { Framework = Framework, Task = forwarded })), StringPool.None);
        Structural.AssertEqual(Marathon_task(), atAgent.Task);
    }

    /// <summary>The bytes a forwarding decode of an ACCEPT of <paramref name="task"/> allocates, and the length of the command it keeps.</summary>
    private static (long Allocated, int Encoded) ForwardingCost(TaskInfo task)
    {
        // No interning: the strings outside the command cost the same in every decode, where a
        // pool's hits would depend on which of them its random seed puts in one slot pair.
        var forwarding = new StringPool(0) { ForwardsCommands = true };
        var payload = new ReadOnlySequence<byte>(Payload.Encode(Accept(task)));
        // Warm the path first: the runtime's first-call allocations are not the decoder's.
        MessageCodec.Decode<AcceptCall>(payload, forwarding);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AcceptCall call = MessageCodec.Decode<AcceptCall>(payload, forwarding);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, call.Operations[0].Tasks[0].Command!.Encoded.Length);
    }

    private static AcceptCall Accept(TaskInfo task) => new()
    {
        FrameworkId = new FrameworkId("marathon-1"),
        OfferIds = [new OfferId("O1")],
        Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = [task] }],
    };

    /// <summary>A task as Marathon launches it: a shell command and a dozen environment variables, most unique to the task.</summary>
    private static TaskInfo Marathon_task()
    {
        const string id = "apps_web.instance-0193a000-7c1e-7000-8000-000000000001._app.1";
        var environment = new List<EnvironmentVariable>
        {
            new("MESOS_TASK_ID", id), new("MARATHON_APP_ID", "/apps/web"), new("MARATHON_APP_VERSION", "2026-12-06T20:00:00.000Z"),
            new("HOST", "agent-1"), new("PORT0", "31000"), new("PORT", "31000"), new("PORTS", "31000"),
            new("MARATHON_APP_RESOURCE_CPUS", "0.1"), new("MARATHON_APP_RESOURCE_MEM", "32.0"),
            new("MARATHON_APP_LABELS", ""), new("GREETING", "caf\u00e9"),
        };
        return new TaskInfo
        {
            Name = "web.apps",
            TaskId = new TaskId(id),
            AgentId = new AgentId("S1"),
            Resources = Resources.Parse("cpus:0.1;mem:32;ports:[31000-31000]"),
            Command = new CommandInfo { Value = "python3 -m http.server $PORT0", Environment = environment },
        };
    }
}
