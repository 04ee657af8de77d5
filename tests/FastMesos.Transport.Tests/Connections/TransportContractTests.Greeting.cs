using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// The dialer's greeting (IFrameHandler.OnGreeting): frames behind the preamble, answered together
/// with the listener's preamble, so a registration costs one round trip instead of two.
/// </summary>
public abstract partial class TransportContractTests
{
    [Fact]
    public async Task A_greeting_shares_the_preamble_flush_and_the_answers_share_the_listeners()
    {
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(), server);
        var client = new TestHandler { Greeting = [(5, [1, 2, 3]), (6, [4])] };

        FrameConnection connection = await DialAsync(listener, client);
        await client.WaitForFramesAsync(connection, 2);
        FrameConnection accepted = await server.NextConnectionAsync();

        // Sent before the handshake completed, when the listener's role was not known yet.
        Assert.Equal([(true, PeerRole.None), (true, PeerRole.None)], client.GreetingSends.ToArray());
        Assert.Equal(["5:010203", "6:04"], Hex(server.FramesOf(accepted)));
        Assert.Equal(["5:010203", "6:04"], Hex(client.FramesOf(connection)));
        // One flush each way: preamble and greeting; the listener's preamble and both echoes.
        Assert.Equal(1, connection.FlushCount);
        Assert.Equal(1, accepted.FlushCount);
        Assert.Equal(PeerRole.Master, connection.RemoteRole);
        Assert.Equal(2, connection.FramesSent);
    }

    [Fact]
    public async Task A_refused_dial_that_resumes_inline_fails_with_the_listeners_reason()
    {
        IListener listener = await ListenAsync(ListenOptions(roles: [PeerRole.Agent]), new TestHandler());
        var options = new DialOptions { LocalRole = PeerRole.Scheduler, MemoryPool = Pool, Log = Log.Sink, ResumeDialInline = true };

        var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Wait.For(Transport.DialAsync(listener.LocalEndPoint, options, new TestHandler()).AsTask(), "the refused dial"));

        Assert.Equal("refused by the peer: preamble: role Scheduler is not accepted here", refused.Info.Message);
    }

    private static string[] Hex(List<(ushort Type, byte[] Payload)> frames) =>
        [.. frames.Select(static f => $"{f.Type}:{Convert.ToHexString(f.Payload)}")];

    [Fact]
    public async Task A_listener_answers_a_dialer_without_a_greeting_at_once()
    {
        // No frame behind the preamble: the dialer waits for the listener's preamble, which must not
        // wait for a batch that never comes.
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);

        FrameConnection connection = await DialAsync(listener, new TestHandler());
        FrameConnection accepted = await server.NextConnectionAsync();

        Assert.Equal(PeerRole.Master, connection.RemoteRole);
        Assert.Equal(1, accepted.FlushCount);
    }

    [Fact]
    public async Task A_refused_dialers_greeting_is_dropped_with_its_connection()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(roles: [PeerRole.Agent]), server);
        var client = new TestHandler { Greeting = [(5, [1])] };

        var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Transport.DialAsync(listener.LocalEndPoint, DialOptions(role: PeerRole.Scheduler), client).AsTask());

        Assert.Equal("refused by the peer: preamble: role Scheduler is not accepted here", refused.Info.Message);
        Assert.Equal([(true, PeerRole.None)], client.GreetingSends.ToArray());
        Assert.Equal(0, client.ConnectedCount);
        Assert.Empty(client.ClosedEvents);
        Assert.Equal(0, server.ConnectedCount);
        // The listener still serves others, and their greetings.
        FrameConnection admitted = await DialAsync(listener, new TestHandler { Greeting = [(5, [2])] }, DialOptions(role: PeerRole.Agent));
        FrameConnection accepted = await server.NextConnectionAsync();
        await server.WaitForFramesAsync(accepted, 1);
        Assert.Equal(PeerRole.Master, admitted.RemoteRole);
    }

    [Fact]
    public async Task A_greeting_that_throws_fails_the_dial_with_the_handlers_fault()
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());

        var failed = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Transport.DialAsync(listener.LocalEndPoint, DialOptions(), new TestHandler { ThrowOnGreeting = true }).AsTask());

        Assert.Equal(CloseReason.HandlerFault, failed.Info.Reason);
        Assert.Equal("OnGreeting threw InvalidOperationException: handler refuses to greet", failed.Info.Message);
    }

    [Fact]
    public async Task A_greeting_over_the_maximum_frame_size_fails_the_dial()
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());
        var client = new TestHandler { Greeting = [(5, new byte[4096])] };

        var failed = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Transport.DialAsync(listener.LocalEndPoint, DialOptions(maxFrameSize: 1024), client).AsTask());

        Assert.Equal(CloseReason.FrameTooLarge, failed.Info.Reason);
        Assert.Equal([(false, PeerRole.None)], client.GreetingSends.ToArray());
    }
}
