using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// A pool that skips commands (the simulated agents'): a RunTask decodes with the shared empty
/// command in place of its own and everything else as sent; bytes that are not MessagePack still fail.
/// </summary>
public sealed class SkippedCommandTests
{
    private static readonly StringPool Skipping = new(64) { SkipsCommands = true };

    [Fact]
    public void A_RunTask_decodes_without_its_command_and_with_everything_else()
    {
        RunTask sent = Marathon_task();
        ReadOnlySequence<byte> payload = Encode(sent);

        RunTask skipped = MessageCodec.Decode<RunTask>(payload, Skipping);
        RunTask full = MessageCodec.Decode<RunTask>(payload, StringPool.None);

        Assert.Same(StringPool.SkippedCommand, skipped.Task.Command);
        Assert.Equal("sleep 3600", full.Task.Command!.Value);
        Assert.Equal(sent.Task.TaskId, skipped.Task.TaskId);
        Assert.Equal(sent.Task.Name, skipped.Task.Name);
        Assert.Equal(sent.Task.Resources, skipped.Task.Resources);
        Assert.Equal(sent.Task.KillPolicy, skipped.Task.KillPolicy);
        Assert.Equal(sent.Framework.Name, skipped.Framework.Name);
    }

    [Fact]
    public void A_truncated_command_still_fails_to_decode()
    {
        byte[] whole = Encode(Marathon_task()).ToArray();
        // Cut inside the command's environment, just after the name HOST: the skip runs out of bytes.
        int host = whole.AsSpan().IndexOf("HOST"u8);
        Assert.True(host > 0);
        var truncated = new ReadOnlySequence<byte>(whole, 0, host + 4);

        Assert.False(MessageCodec.TryDecode(truncated, out RunTask _, out MessageDecodeException? error, Skipping));
        Assert.NotNull(error);
    }

    private static RunTask Marathon_task() => new()
    {
        Framework = new FrameworkInfo { Name = "marathon", User = "root" },
        Task = new TaskInfo
        {
            Name = "web.apps",
            TaskId = new TaskId("apps_web.instance-0193a000-7c1e-7000-8000-000000000001._app.1"),
            AgentId = new AgentId("S1"),
            Resources = Resources.Parse("cpus:0.1;mem:32;ports:[31000-31000]"),
            Command = new CommandInfo
            {
                Value = "sleep 3600",
                Environment = [new("MARATHON_APP_ID", "/apps/web"), new("PORT0", "31000"), new("HOST", "agent-1")],
                Uris = [new CommandUri("http://example.invalid/app.tgz", Extract: true)],
            },
            KillPolicy = KillPolicy.FromGracePeriod(TimeSpan.FromSeconds(5)),
        },
    };

    private static ReadOnlySequence<byte> Encode(RunTask message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, in message);
        return new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }
}
