using System.Buffers;
using System.Text;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Framing;
using FastMesos.Transport.Tests.Connections.Support;
using FastMesos.Transport.Tests.Framing;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>Preamble refusals: each names its reason, on both sides, and closes only its connection.</summary>
public abstract partial class TransportContractTests
{
    [Fact]
    public async Task A_role_the_listener_does_not_serve_is_refused_with_the_reason()
    {
        IListener listener = await ListenAsync(ListenOptions(roles: [PeerRole.Agent]), new TestHandler());

        var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Transport.DialAsync(listener.LocalEndPoint, DialOptions(role: PeerRole.Scheduler), new TestHandler()).AsTask());

        Assert.Equal(CloseReason.BadPreamble, refused.Info.Reason);
        Assert.Equal("refused by the peer: preamble: role Scheduler is not accepted here", refused.Info.Message);
        await Log.WaitForAsync("closed: BadPreamble: preamble: role Scheduler is not accepted here");
        await DialAsync(listener, new TestHandler(), DialOptions(role: PeerRole.Agent));
        await Wait.UntilAsync(() => listener.ConnectionCount == 1, "only the admitted connection to remain");
    }

    [Fact]
    public async Task A_bad_or_missing_token_is_refused_and_the_right_one_admitted()
    {
        IListener listener = await ListenAsync(ListenOptions(token: "s3cret"), new TestHandler());

        foreach (string? token in new[] { "wrong", null, "s3cret-but-longer" })
        {
            var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
                Transport.DialAsync(listener.LocalEndPoint, DialOptions(token: token), new TestHandler()).AsTask());
            Assert.Equal("refused by the peer: preamble: bad auth token", refused.Info.Message);
        }

        FrameConnection admitted = await DialAsync(listener, new TestHandler(), DialOptions(token: "s3cret"));
        Assert.Equal(PeerRole.Master, admitted.RemoteRole);
    }

    [Fact]
    public async Task A_dialer_refuses_a_listener_of_an_unexpected_role()
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());

        var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() =>
            Transport.DialAsync(listener.LocalEndPoint, DialOptions(expect: PeerRole.Agent), new TestHandler()).AsTask());

        Assert.Equal(CloseReason.BadPreamble, refused.Info.Reason);
        Assert.Equal("preamble: expected a Agent peer, got Master", refused.Info.Message);
    }

    [Fact]
    public async Task A_wrong_protocol_version_is_answered_with_the_reason_then_closed()
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());
        IRawPeer peer = await RawAsync(listener);

        await peer.SendAsync(PreambleBytes(version: 9));
        byte[] answer = await peer.ReceiveUntilClosedAsync();

        var buffer = new ReadOnlySequence<byte>(answer);
        Assert.Equal(FrameReadResult.Frame, FrameReader.TryRead(ref buffer, 4096, out ushort type, out ReadOnlySequence<byte> payload));
        Assert.Equal(FrameHeader.CloseMessageType, type);
        Assert.Equal("preamble: unsupported protocol version 9 (this side speaks 1)", Encoding.UTF8.GetString(payload));
        Assert.True(buffer.IsEmpty);
        await Log.WaitForAsync("closed: BadPreamble: preamble: unsupported protocol version 9");
    }

    [Fact]
    public async Task Bad_magic_is_closed_without_an_answer()
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());
        IRawPeer peer = await RawAsync(listener);

        await peer.SendAsync("GET / HTTP/1.1\r\n"u8.ToArray());

        Assert.Empty(await peer.ReceiveUntilClosedAsync());
        await Log.WaitForAsync("closed: BadPreamble: preamble: bad magic (first bytes 474554202F204854)");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task A_truncated_preamble_is_closed(int length)
    {
        IListener listener = await ListenAsync(ListenOptions(), new TestHandler());
        IRawPeer peer = await RawAsync(listener);

        byte[] preamble = PreambleBytes(token: "abc");
        await peer.SendAsync(preamble[..length]);
        peer.ShutdownSend();

        await peer.ReceiveUntilClosedAsync();
        await Log.WaitForAsync($"closed: BadPreamble: preamble: the peer closed after {length} of its bytes");
    }

    [Fact]
    public async Task A_peer_that_never_speaks_times_out()
    {
        var time = new FakeTimeProvider();
        IListener listener = await ListenAsync(ListenOptions(time: time, handshake: TimeSpan.FromSeconds(10)), new TestHandler());
        IRawPeer peer = await RawAsync(listener);
        await Wait.UntilAsync(() => listener.ConnectionCount == 1, "the raw connection to be accepted");

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(Log.Contains("closed:"));
        time.Advance(TimeSpan.FromSeconds(1));

        await peer.ReceiveUntilClosedAsync();
        await Log.WaitForAsync("closed: BadPreamble: preamble: not exchanged within 00:00:10");
    }

    [Theory]
    [MemberData(nameof(FrameRegressionInputs.Preambles), MemberType = typeof(FrameRegressionInputs))]
    public async Task Regression_preambles_close_only_their_connection(string name, byte[] input)
    {
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(), server);
        var client = new TestHandler();
        FrameConnection healthy = await DialAsync(listener, client);

        IRawPeer peer = await RawAsync(listener);
        await peer.SendAsync(input);
        peer.ShutdownSend();
        await peer.ReceiveUntilClosedAsync();

        await Log.WaitForAsync("closed: BadPreamble");
        await EchoOnceAsync(healthy, client, 1, Encoding.UTF8.GetBytes(name));
    }
}
