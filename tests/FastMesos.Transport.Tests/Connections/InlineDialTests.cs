using System.Buffers;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// <see cref="DialOptions.ResumeDialInline"/>: a dial waiting for its handshake resumes on the
/// receive loop that completes it, before that loop delivers any frame. In process, because there
/// the dial runs synchronously until it awaits the handshake, so the test knows the dialer waits
/// before it lets the listener answer; a TCP dial goes on in its connect's completion, where no
/// test can see when it starts to wait (CI's simulated fleets dial over TCP with the option on).
/// The listener's answer is held by holding its handler: a listener answers a greeting together
/// with what the greeting's frames produce, after its handler returns.
/// </summary>
public sealed class InlineDialTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // False is the default path, whose continuation runs on the thread pool at no set moment: the
    // same dial and frames, without the ordering to check.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_dial_that_resumes_inline_continues_before_the_first_frame_is_delivered(bool inline)
    {
        var transport = new InProcTransport();
        using var answer = new ManualResetEventSlim();
        var server = new HeldEcho(answer);
        IListener listener = await transport.ListenAsync(new InProcEndPoint("inline-dial"), new ListenerOptions { LocalRole = PeerRole.Master }, server);
        var client = new TestHandler { Greeting = [(5, [1, 2, 3])] };
        var options = new DialOptions { LocalRole = PeerRole.Agent, ResumeDialInline = inline };

        ValueTask<FrameConnection> dial = transport.DialAsync(listener.LocalEndPoint, options, client);
        Assert.False(dial.IsCompleted);
        Task<(FrameConnection Connection, int ThreadId, long Delivered)> resumed = ResumeAsync(dial, client);
        await Wait.UntilAsync(() => server.Held, "the listener's handler to hold the greeting");
        answer.Set();
        (FrameConnection connection, int threadId, long delivered) = await Wait.For(resumed, "the dial to resume");

        if (inline)
        {
            // On the thread that completed the handshake (OnConnected's), before the echo that came
            // with the listener's preamble was delivered.
            Assert.Equal(client.ConnectedThreadId, threadId);
            Assert.Equal(0, delivered);
        }

        await client.WaitForFramesAsync(connection, 1);
        Assert.Equal([5], client.FramesOf(connection).Select(static f => (int)f.Type));
        await Wait.For(connection.CloseAsync(), "the connection to close");
        await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
    }

    /// <summary>Awaits the dial with no captured context, so what follows the await is the dialer's own continuation: the thread it ran on and the frames delivered by then.</summary>
    private static async Task<(FrameConnection Connection, int ThreadId, long Delivered)> ResumeAsync(ValueTask<FrameConnection> dial, TestHandler client)
    {
        FrameConnection connection = await dial.ConfigureAwait(false);
        return (connection, Environment.CurrentManagedThreadId, client.CountOf(connection));
    }

    /// <summary>Echoes each frame once <c>answer</c> is set; until then its receive loop (and so the listener's preamble) waits.</summary>
    private sealed class HeldEcho(ManualResetEventSlim answer) : IFrameHandler
    {
        private int _held;

        public bool Held => Volatile.Read(ref _held) != 0;

        public void OnConnected(FrameConnection connection)
        {
        }

        public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
        {
            Volatile.Write(ref _held, 1);
            if (!answer.Wait(Patience))
                throw new TimeoutException("the test never let the listener answer");
            connection.TrySend(messageType, payload.ToArray());
        }

        public void OnClosed(FrameConnection connection, CloseInfo info)
        {
        }
    }
}
