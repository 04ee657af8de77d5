using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>Frames: echo, ordering, coalescing, size limits.</summary>
public abstract partial class TransportContractTests
{
    [Fact]
    public async Task Frames_of_every_size_echo_back_intact()
    {
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(), server);
        var client = new TestHandler();
        FrameConnection connection = await DialAsync(listener, client);

        Assert.Equal(PeerRole.Master, connection.RemoteRole);
        Assert.Equal(PeerRole.Agent, connection.LocalRole);
        // Sizes around the block size and the inline-flush bound, up to one over a megabyte.
        foreach (int size in new[] { 0, 1, 100, 4090, 4096, 5000, 65_536, 70_000, 1_048_577 })
            await EchoOnceAsync(connection, client, (ushort)(size % 1000), Framing.TestFrames.Payload(size, size));

        FrameConnection accepted = await server.NextConnectionAsync();
        Assert.Equal(PeerRole.Agent, accepted.RemoteRole);
        Assert.True(accepted.IsServer);
        Assert.Equal(0, server.EchoFailures);
    }

    [Fact]
    public async Task A_hundred_thousand_small_frames_arrive_in_order_both_ways()
    {
        const int count = 100_000;
        // A send queue larger than the whole run, so the echoing handler is never refused.
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(sendPause: 64 * 1024 * 1024), server);
        var client = new TestHandler();
        FrameConnection connection = await DialAsync(listener, client);

        var payload = new byte[4];
        for (int i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            if (!connection.TrySend(7, payload))
                Assert.True(await Wait.Sent(connection.SendAsync(7, payload.ToArray())));
        }

        await client.WaitForFramesAsync(connection, count, TimeSpan.FromSeconds(60));
        FrameConnection accepted = await server.NextConnectionAsync();
        AssertSequence(server.FramesOf(accepted), count);
        AssertSequence(client.FramesOf(connection), count);
        Assert.Equal(0, server.EchoFailures);
        Assert.Equal(count, connection.FramesSent);
        Assert.Equal(count, connection.FramesReceived);
    }

    [Fact]
    public async Task Replies_sent_while_a_batch_is_delivered_leave_at_its_end_without_a_scheduled_flush()
    {
        // The listener's scheduled flushes never run: every echo must leave through the flush at the
        // end of the batch that caused it, on the receiving thread.
        var flushes = new ManualFlushScheduler();
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(flushScheduler: flushes), server);
        var client = new TestHandler();
        FrameConnection connection = await DialAsync(listener, client);
        FrameConnection accepted = await server.NextConnectionAsync();
        long flushesBefore = accepted.FlushCount;
        const int count = 2000;

        for (int i = 0; i < count; i++)
            Assert.True(connection.TrySend(3, BitConverter.GetBytes(i)));

        await client.WaitForFramesAsync(connection, count);
        AssertSequence(client.FramesOf(connection), count);
        Assert.Equal(0, flushes.Pending);
        Assert.Equal(0, server.EchoFailures);
        // Coalesced: at most one flush per received batch, far fewer than the replies.
        Assert.InRange(accepted.FlushCount - flushesBefore, 1, count / 2);
    }

    [Fact]
    public async Task A_flush_batch_holds_its_thread_s_flushes_and_runs_them_on_that_thread_when_it_ends()
    {
        // Any flush that reached the scheduler would be one the batch failed to hold.
        var flushes = new ManualFlushScheduler();
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection a = await DialAsync(listener, new TestHandler(), DialOptions(flushScheduler: flushes));
        FrameConnection b = await DialAsync(listener, new TestHandler(), DialOptions(flushScheduler: flushes));
        FrameConnection first = await server.NextConnectionAsync();
        FrameConnection second = await server.NextConnectionAsync();
        // Dialed only now: the server may report accepted connections in another order than they
        // were dialed, and first and second must be a's and b's (which of the two does not matter).
        FrameConnection other = await DialAsync(listener, new TestHandler(), DialOptions(flushScheduler: flushes));
        long aBefore = a.FlushCount, bBefore = b.FlushCount;

        // No await inside the batch: it belongs to this thread.
        FlushBatch.Begin();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                Assert.True(a.TrySend(3, BitConverter.GetBytes(i)));
                Assert.True(b.TrySend(3, BitConverter.GetBytes(i)));
            }

            Assert.Equal(0, flushes.Pending);
            Assert.Equal(aBefore, a.FlushCount);
            Assert.Equal(bBefore, b.FlushCount);
            Assert.Throws<InvalidOperationException>(FlushBatch.Begin);

            // Another thread's sends are not the batch's: that flush is scheduled as usual.
            var elsewhere = new Thread(() => other.TrySend(3, BitConverter.GetBytes(0)));
            elsewhere.Start();
            Assert.True(elsewhere.Join(Wait.Default));
            Assert.Equal(1, flushes.Pending);
        }
        finally
        {
            FlushBatch.End();
        }

        // Run by End on this thread: one flush each, nothing left for the scheduler but the other thread's.
        Assert.Equal(aBefore + 1, a.FlushCount);
        Assert.Equal(bBefore + 1, b.FlushCount);
        Assert.Equal(1, flushes.RunAll());
        await server.WaitForFramesAsync(first, 100);
        await server.WaitForFramesAsync(second, 100);
        AssertSequence(server.FramesOf(first), 100);
        AssertSequence(server.FramesOf(second), 100);
    }

    [Fact]
    public async Task A_burst_of_sends_shares_one_flush_and_one_socket_send()
    {
        var flushes = new ManualFlushScheduler();
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection connection = await DialAsync(listener, new TestHandler(), DialOptions(flushScheduler: flushes));
        FrameConnection accepted = await server.NextConnectionAsync();
        long flushesBefore = connection.FlushCount;
        long? sendsBefore = SocketSends(connection);

        for (int i = 0; i < 1000; i++)
            Assert.True(connection.TrySend(3, BitConverter.GetBytes(i)));

        // One flush scheduled for the whole burst, none run yet.
        Assert.Equal(1, flushes.Pending);
        Assert.Equal(flushesBefore, connection.FlushCount);
        Assert.Equal(1, flushes.RunAll());
        Assert.Equal(flushesBefore + 1, connection.FlushCount);

        await server.WaitForFramesAsync(accepted, 1000);
        AssertSequence(server.FramesOf(accepted), 1000);
        if (sendsBefore is { } before)
        {
            await Wait.UntilAsync(() => SocketSends(connection) > before, "the socket send");
            Assert.Equal(before + 1, SocketSends(connection));
        }
    }

    [Fact]
    public async Task Sending_a_frame_over_the_maximum_closes_the_sender()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection connection = await DialAsync(listener, new TestHandler(), DialOptions(maxFrameSize: 1024));

        Assert.True(connection.TrySend(1, new byte[1022]));
        Assert.False(connection.TrySend(1, new byte[1023]));

        CloseInfo info = await Wait.For(connection.Closed, "the sender to close");
        Assert.Equal(CloseReason.FrameTooLarge, info.Reason);
        Assert.False(await Wait.Sent(connection.SendAsync(1, new byte[1])));
    }

    [Fact]
    public async Task Receiving_a_frame_over_the_maximum_closes_only_that_connection()
    {
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(maxFrameSize: 64 * 1024), server);
        var client = new TestHandler();
        FrameConnection big = await DialAsync(listener, client);
        FrameConnection bigAccepted = await server.NextConnectionAsync();
        FrameConnection small = await DialAsync(listener, client);

        Assert.True(await Wait.Sent(big.SendAsync(1, new byte[100_000])));

        CloseInfo info = await Wait.For(bigAccepted.Closed, "the receiver to close");
        Assert.Equal(CloseReason.FrameTooLarge, info.Reason);
        Assert.Contains("over the maximum of 65536", info.Message);
        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(big.Closed, "the sender to see the close")).Reason);
        await EchoOnceAsync(small, client, 2, [1, 2, 3]);
    }

    [Fact]
    public async Task A_session_delivered_one_byte_at_a_time_reads_whole()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        IRawPeer peer = await RawAsync(listener);
        byte[] session = Framing.TestFrames.Concat(
            PreambleBytes(token: "t"),
            Framing.TestFrames.Encode(1, Framing.TestFrames.Payload(300, 1)),
            Framing.TestFrames.Encode(2, []),
            Framing.TestFrames.Encode(3, [3]));

        // Every byte its own send (its own segment, its own flush): every partial state of the
        // preamble and of each frame header and body reaches the listener.
        for (int i = 0; i < session.Length; i++)
            await peer.SendAsync(session.AsMemory(i, 1));

        FrameConnection accepted = await server.NextConnectionAsync();
        await server.WaitForFramesAsync(accepted, 3);
        var frames = server.FramesOf(accepted);
        Assert.Equal(new ushort[] { 1, 2, 3 }, frames.Select(f => f.Type));
        Assert.Equal(Framing.TestFrames.Payload(300, 1), frames[0].Payload);
        Assert.Empty(frames[1].Payload);
        Assert.Null(accepted.CloseInfo);
    }

    private static void AssertSequence(List<(ushort Type, byte[] Payload)> frames, int count)
    {
        Assert.Equal(count, frames.Count);
        for (int i = 0; i < count; i++)
        {
            int value = BitConverter.ToInt32(frames[i].Payload);
            if (value != i)
                Assert.Fail($"frame {i} carried {value}");
        }
    }
}
