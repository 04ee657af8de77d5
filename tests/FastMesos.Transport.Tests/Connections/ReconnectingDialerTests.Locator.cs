using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// A dialer following an <see cref="IMasterLocator"/>: it waits while no master is known, dials the
/// one the locator names, and moves to a new leader as soon as the locator reports one.
/// </summary>
public sealed partial class ReconnectingDialerTests
{
    private readonly InProcTransport _transport = new();

    [Fact]
    public async Task A_settable_locator_waits_until_a_master_is_set_and_raises_changed_only_on_a_new_address()
    {
        var locator = new SettableMasterLocator(description: "zk://test/mesos");
        int changes = 0;
        locator.Changed += () => Interlocked.Increment(ref changes);
        Task<EndPoint> waiting = locator.WaitForMasterAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Null(locator.Current);

        var first = new IPEndPoint(IPAddress.Loopback, 5050);
        locator.Set(first);
        Assert.Equal(first, await Wait.For(waiting, "the wait to end"));
        locator.Set(new IPEndPoint(IPAddress.Loopback, 5050)); // equal: nothing happens
        Assert.Equal(1, changes);

        locator.Set(null);
        using var cancel = new CancellationTokenSource();
        Task<EndPoint> cancelled = locator.WaitForMasterAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var second = new DnsEndPoint("master-2", 5050);
        locator.Set(second);
        Assert.Equal(second, await locator.WaitForMasterAsync(CancellationToken.None));
        Assert.Equal(3, changes);
        Assert.Equal("zk://test/mesos", locator.ToString());

        var fixedOne = new FixedMasterLocator(first);
        Assert.Equal(first, fixedOne.Current);
        Assert.Equal(first, await fixedOne.WaitForMasterAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Waits_while_no_master_is_known_then_dials_the_one_named()
    {
        var server = new TestHandler();
        IListener listener = await _transport.ListenAsync(new InProcEndPoint("master-1"), ListenOptions(), server);
        var locator = new SettableMasterLocator();
        ReconnectingDialer dialer = NewDialer(_transport, locator);
        dialer.Start();

        await _log.WaitForAsync("no leading master is known");
        Assert.Null(dialer.Current);
        Assert.False(_backoffs.Reader.TryRead(out _), "waiting is not a failed dial");
        Assert.Equal(0, listener.ConnectionCount);

        locator.Set(listener.LocalEndPoint);
        FrameConnection connection = await Next(_connected, "the connection to the named master");
        await server.NextConnectionAsync();
        await _log.WaitForAsync("dialing the master at inproc://master-1");

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        await Wait.For(connection.Closed, "the connection to close");
        await listener.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task A_new_leader_closes_the_connection_to_the_old_one_and_the_dialer_moves_over()
    {
        var first = new TestHandler();
        var second = new TestHandler();
        IListener one = await _transport.ListenAsync(new InProcEndPoint("master-1"), ListenOptions(), first);
        IListener two = await _transport.ListenAsync(new InProcEndPoint("master-2"), ListenOptions(), second);
        var locator = new SettableMasterLocator(one.LocalEndPoint);
        ReconnectingDialer dialer = NewDialer(_transport, locator);
        dialer.Start();
        FrameConnection old = await Next(_connected, "the connection to the first leader");
        await first.NextConnectionAsync();

        locator.Set(two.LocalEndPoint);
        CloseInfo closed = await Next(_disconnected, "the old leader's connection to close");
        Assert.Equal(CloseReason.LocalClose, closed.Reason);
        Assert.Contains("a new leading master was detected: inproc://master-2", closed.Message, StringComparison.Ordinal);
        var backoff = await Next(_backoffs, "the backoff after the switch");
        Assert.Equal(0, backoff.Attempt);

        _time.Advance(backoff.Delay);
        FrameConnection moved = await Next(_connected, "the connection to the new leader");
        Assert.NotSame(old, moved);
        await second.NextConnectionAsync();
        await Wait.UntilAsync(() => one.ConnectionCount == 0, "the old leader to see the connection go");

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        await Wait.For(moved.Closed, "the connection to close");
        await one.StopAsync();
        await two.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task Losing_the_leader_closes_the_connection_and_waits_for_the_next()
    {
        var server = new TestHandler();
        IListener one = await _transport.ListenAsync(new InProcEndPoint("master-1"), ListenOptions(), server);
        IListener two = await _transport.ListenAsync(new InProcEndPoint("master-2"), ListenOptions(), new TestHandler());
        var locator = new SettableMasterLocator(one.LocalEndPoint);
        ReconnectingDialer dialer = NewDialer(_transport, locator);
        dialer.Start();
        await Next(_connected, "the first connection");

        locator.Set(null);
        Assert.Contains("no new one is known", (await Next(_disconnected, "the close")).Message, StringComparison.Ordinal);
        var backoff = await Next(_backoffs, "the backoff");
        _time.Advance(backoff.Delay);
        await _log.WaitForAsync("no leading master is known");
        Assert.Null(dialer.Current);

        locator.Set(two.LocalEndPoint);
        FrameConnection connection = await Next(_connected, "the connection to the next leader");
        Assert.Equal(1, two.ConnectionCount);

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        await Wait.For(connection.Closed, "the connection to close");
        await one.StopAsync();
        await two.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task A_new_leader_cuts_a_long_backoff_short()
    {
        var locator = new SettableMasterLocator(new InProcEndPoint("gone"));
        ReconnectingDialer dialer = NewDialer(_transport, locator);
        dialer.Start();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var backoff = await Next(_backoffs, $"backoff {attempt} against the dead leader");
            Assert.Equal(attempt, backoff.Attempt);
            if (attempt < 2)
                _time.Advance(backoff.Delay);
        }

        // The third wait is pending on the fake clock, which no longer moves: only the change can end it.
        IListener listener = await _transport.ListenAsync(new InProcEndPoint("master-2"), ListenOptions(), new TestHandler());
        locator.Set(listener.LocalEndPoint);
        FrameConnection connection = await Next(_connected, "the connection to the new leader without waiting out the backoff");

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        await Wait.For(connection.Closed, "the connection to close");
        await listener.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task A_leader_named_while_a_dial_is_out_is_dialed_after_a_first_backoff_not_the_next_one()
    {
        var gated = new GatedTransport(_transport);
        var locator = new SettableMasterLocator(new InProcEndPoint("gone"));
        ReconnectingDialer dialer = NewDialer(gated, locator);
        dialer.Start();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            (await Next(gated.Dials, $"dial {attempt} of the dead leader")).SetResult();
            var backoff = await Next(_backoffs, $"backoff {attempt} against the dead leader");
            Assert.Equal(attempt, backoff.Attempt);
            _time.Advance(backoff.Delay);
        }

        // The fourth dial of the dead leader is out when the new leader is named: no wait to cut short yet.
        TaskCompletionSource outstanding = await Next(gated.Dials, "dial 3 of the dead leader");
        IListener listener = await _transport.ListenAsync(new InProcEndPoint("master-2"), ListenOptions(), new TestHandler());
        locator.Set(listener.LocalEndPoint);
        outstanding.SetResult();

        var after = await Next(_backoffs, "the backoff after the failed dial");
        Assert.Equal(0, after.Attempt);
        Assert.InRange(after.Delay, TimeSpan.Zero, Base);
        _time.Advance(after.Delay);
        (await Next(gated.Dials, "the dial of the new leader")).SetResult();
        FrameConnection connection = await Next(_connected, "the connection to the new leader");

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        await Wait.For(connection.Closed, "the connection to close");
        await listener.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task Dispose_ends_a_wait_for_a_master()
    {
        ReconnectingDialer dialer = NewDialer(_transport, new SettableMasterLocator());
        dialer.Start();
        await _log.WaitForAsync("no leading master is known");
        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop while waiting");
    }
}
