using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>Back-pressure and timeouts, on a fake clock.</summary>
public abstract partial class TransportContractTests
{
    /// <summary>An upper bound on what a stuck peer can make this side queue, beyond the pipe (socket buffers).</summary>
    protected virtual long KernelBufferAllowance => 0;

    /// <summary>
    /// The send pause threshold of the stall test; resume is half of it. Once paused, the sender must
    /// stay paused, so the gap must exceed what socket buffers can still absorb after the pause.
    /// </summary>
    protected virtual long StallTestPauseThreshold => 1024 * 1024;

    [Fact]
    public async Task A_peer_that_stops_reading_pauses_its_sender_and_only_its_connection()
    {
        var time = new FakeTimeProvider();
        var server = new TestHandler { Echo = true };
        IListener listener = await ListenAsync(ListenOptions(time: time, sendStall: TimeSpan.FromSeconds(30), sendPause: StallTestPauseThreshold), server);
        IRawPeer stuckPeer = await RawAsync(listener);
        await HandshakeRawAsync(stuckPeer);
        FrameConnection stuck = await server.NextConnectionAsync();

        // The raw peer never reads again: sends succeed until the queue (and the socket buffers) fill.
        var payload = new byte[1024];
        long queued = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (stuck.TrySend(1, payload))
        {
            queued++;
            Assert.True(queued < 1_000_000 && clock.Elapsed < TimeSpan.FromSeconds(30), $"sending never paused ({queued} frames queued)");
        }

        long queuedBytes = queued * (payload.Length + 6);
        Output.WriteLine($"{GetType().Name}: paused after {queued} frames ({queuedBytes / 1024} KiB queued)");
        Assert.True(stuck.IsSendPaused);
        Assert.True(queuedBytes <= StallTestPauseThreshold + (64 * 1024) + (2 * 1030) + KernelBufferAllowance, $"{queuedBytes} bytes queued");
        ValueTask<bool> waiting = stuck.SendAsync(1, payload);
        Assert.False(waiting.IsCompleted);

        // Everyone else keeps flowing.
        var client = new TestHandler();
        FrameConnection healthy = await DialAsync(listener, client);
        await EchoOnceAsync(healthy, client, 5, [5, 5, 5]);

        time.Advance(TimeSpan.FromSeconds(30));
        CloseInfo info = await Wait.For(stuck.Closed, "the stalled connection to close");
        Assert.Equal(CloseReason.SendQueueFull, info.Reason);
        Assert.False(await Wait.For(waiting.AsTask(), "the waiting send to give up"));
        await EchoOnceAsync(healthy, client, 6, [6]);
        await stuckPeer.DisposeAsync();
    }

    [Fact]
    public async Task A_silent_connection_closes_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(time: time, idle: TimeSpan.FromSeconds(10)), server);
        FrameConnection connection = await DialAsync(listener, new TestHandler());
        FrameConnection accepted = await server.NextConnectionAsync();

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(accepted.CloseInfo);
        Assert.True(await Wait.Sent(connection.SendAsync(1, new byte[] { 1 })));
        await server.WaitForFramesAsync(accepted, 1);

        // Activity at t=6 moved the deadline to t=16.
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(accepted.CloseInfo);
        time.Advance(TimeSpan.FromSeconds(5));

        CloseInfo info = await Wait.For(accepted.Closed, "the idle connection to close");
        Assert.Equal(CloseReason.IdleTimeout, info.Reason);
        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(connection.Closed, "the dialer to see it")).Reason);
    }
}
