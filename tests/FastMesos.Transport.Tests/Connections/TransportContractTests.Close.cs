using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>Closing: the first reason wins, orderly close delivers what was queued, faults stay on their connection.</summary>
public abstract partial class TransportContractTests
{
    [Fact]
    public async Task The_first_close_reason_wins_and_is_reported_once()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection connection = await DialAsync(listener, new TestHandler());
        FrameConnection accepted = await server.NextConnectionAsync();

        accepted.Close(CloseReason.HeartbeatTimeout, "missed 5 heartbeats");
        accepted.Close(CloseReason.IdleTimeout, "too late");
        accepted.Close(CloseReason.LocalClose, "later still");

        CloseInfo info = await Wait.For(accepted.Closed, "the accepted side to close");
        Assert.Equal(CloseReason.HeartbeatTimeout, info.Reason);
        Assert.Equal("missed 5 heartbeats", info.Message);
        Assert.Same(info, accepted.CloseInfo);
        var closed = Assert.Single(server.ClosedEvents);
        Assert.Same(accepted, closed.Connection);
        Assert.Same(info, closed.Info);

        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(connection.Closed, "the dialer to see the close")).Reason);
        Assert.True(Log.Contains("closed: HeartbeatTimeout: missed 5 heartbeats"));
        Assert.False(connection.TrySend(1, [1]));
        Assert.Equal(0, listener.ConnectionCount);
    }

    [Fact]
    public async Task An_orderly_close_still_delivers_every_queued_frame()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection connection = await DialAsync(listener, new TestHandler());
        FrameConnection accepted = await server.NextConnectionAsync();

        for (int i = 0; i < 5000; i++)
            Assert.True(await Wait.Sent(connection.SendAsync(4, BitConverter.GetBytes(i))));
        CloseInfo info = await Wait.For(connection.CloseAsync("done"), "the orderly close");

        Assert.Equal(CloseReason.LocalClose, info.Reason);
        CloseInfo remote = await Wait.For(accepted.Closed, "the listener side to close");
        Assert.Equal(CloseReason.RemoteClosed, remote.Reason);
        AssertSequence(server.FramesOf(accepted), 5000);
    }

    [Fact]
    public async Task A_handler_exception_closes_only_its_connection()
    {
        var server = new TestHandler { Echo = true, ThrowOn = 666 };
        IListener listener = await ListenAsync(ListenOptions(), server);
        var client = new TestHandler();
        FrameConnection faulty = await DialAsync(listener, client);
        FrameConnection faultyAccepted = await server.NextConnectionAsync();
        FrameConnection healthy = await DialAsync(listener, client);
        await EchoOnceAsync(healthy, client, 1, [1]);

        Assert.True(await Wait.Sent(faulty.SendAsync(666, new byte[] { 6 })));

        CloseInfo info = await Wait.For(faultyAccepted.Closed, "the faulty connection to close");
        Assert.Equal(CloseReason.HandlerFault, info.Reason);
        Assert.IsType<InvalidOperationException>(info.Exception);
        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(faulty.Closed, "the faulty dialer to see it")).Reason);
        await EchoOnceAsync(healthy, client, 2, [2, 2]);
        Assert.Null(healthy.CloseInfo);
        Assert.True(Log.Contains("closed: HandlerFault: the frame handler threw InvalidOperationException"));
    }

    [Fact]
    public async Task Stopping_the_listener_closes_its_connections()
    {
        var server = new TestHandler();
        IListener listener = await ListenAsync(ListenOptions(), server);
        FrameConnection first = await DialAsync(listener, new TestHandler());
        FrameConnection second = await DialAsync(listener, new TestHandler());
        await Wait.UntilAsync(() => listener.ConnectionCount == 2, "two accepted connections");

        await Wait.For(listener.StopAsync().AsTask(), "the listener to stop");

        Assert.Equal(0, listener.ConnectionCount);
        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(first.Closed, "the first dialer")).Reason);
        Assert.Equal(CloseReason.RemoteClosed, (await Wait.For(second.Closed, "the second dialer")).Reason);
        await Assert.ThrowsAnyAsync<Exception>(async () => await Transport.DialAsync(listener.LocalEndPoint, DialOptions(), new TestHandler()));
    }
}
