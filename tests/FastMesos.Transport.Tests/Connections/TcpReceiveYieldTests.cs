using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// A peer that keeps a socket's receive buffer full does not keep the receive loop's thread: after
/// <see cref="ConnectionOptions.MaxReceivesInARow"/> receives that found bytes waiting, the loop
/// yields (on the master that thread is a socket event thread shared by thousands of agents).
/// </summary>
public sealed class TcpReceiveYieldTests
{
    // Frames sent after the client paused; the frames before depend on the kernel's socket buffers.
    private const int FramesAfterPause = 100;

    [Fact]
    public async Task A_connection_whose_peer_keeps_its_buffer_full_yields_its_thread_and_delivers_every_frame_in_order()
    {
        var server = new GatedHandler();
        var listen = new ListenerOptions { LocalRole = PeerRole.Master, MaxReceivesInARow = 2 };
        IListener listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), listen, server);
        FrameConnection client = await TcpTransport.Instance.DialAsync(listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Scheduler, SendPauseThreshold = 64 * 1024, SendResumeThreshold = 32 * 1024 }, new TestHandler());

        // The server's handler holds the first frame, so its receive loop reads nothing more: the
        // kernel's buffers fill, then the client's send pipe, until the client pauses. From then on
        // every receive the server makes finds bytes queued, for as long as the client has any.
        var payload = new byte[1024];
        int sent = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (client.TrySend(1, Numbered(payload, sent)))
        {
            sent++;
            Assert.True(sent < 1_000_000 && clock.Elapsed < Wait.Default, $"the client never paused ({sent} frames sent)");
        }

        var accepted = (TcpFrameConnection)server.Connection!;
        Assert.Equal(0, accepted.ReceiveYields);
        Task<bool> rest = SendAsync(client, payload, sent, FramesAfterPause);

        server.Release();
        Assert.True(await Wait.For(rest, "the client to send the frames after its pause"));
        int frames = sent + FramesAfterPause;
        await Wait.UntilAsync(() => server.Count == frames, $"{frames} frames at the server (have {server.Count})");

        Assert.Equal(-1, server.FirstOutOfOrder);
        Assert.True(accepted.ReceiveYields > 0, $"the receive loop never yielded in {accepted.SocketReceives} receives");

        client.Close(CloseReason.LocalClose, "done");
        await Wait.For(client.Closed, "the client to close");
        await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");
    }

    private static byte[] Numbered(byte[] payload, int sequence)
    {
        BinaryPrimitives.WriteInt32LittleEndian(payload, sequence);
        return payload;
    }

    private static async Task<bool> SendAsync(FrameConnection client, byte[] payload, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            if (!await client.SendAsync(1, Numbered(payload, i)))
                return false;
        }

        return true;
    }

    /// <summary>Blocks in the first frame until released; then counts frames and checks their sequence numbers.</summary>
    private sealed class GatedHandler : IFrameHandler
    {
        private readonly ManualResetEventSlim _gate = new();
        private int _count;
        private int _firstOutOfOrder = -1;

        public FrameConnection? Connection { get; private set; }

        public int Count => Volatile.Read(ref _count);

        /// <summary>The first frame whose sequence number was not the next one, or -1.</summary>
        public int FirstOutOfOrder => Volatile.Read(ref _firstOutOfOrder);

        public void Release() => _gate.Set();

        public void OnGreeting(FrameConnection connection)
        {
        }

        public void OnConnected(FrameConnection connection) => Connection = connection;

        public void OnClosed(FrameConnection connection, CloseInfo info)
        {
        }

        public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
        {
            if (_count == 0 && !_gate.Wait(Wait.Default))
                throw new TimeoutException("the test never released the handler");
            Span<byte> sequence = stackalloc byte[4];
            payload.Slice(0, 4).CopyTo(sequence);
            if (BinaryPrimitives.ReadInt32LittleEndian(sequence) != _count && _firstOutOfOrder < 0)
                _firstOutOfOrder = _count;
            Volatile.Write(ref _count, _count + 1);
        }
    }
}
