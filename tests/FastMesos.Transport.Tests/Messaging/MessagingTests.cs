using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;
using FastMesos.Transport.Tests.Connections.Support;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Transport.Tests.Messaging;

/// <summary>Typed messages end to end over a real transport: codec on frames on connections.</summary>
public abstract class MessagingTests
{
    protected abstract ITransport Transport { get; }

    protected abstract EndPoint NewEndPoint();

    private async Task<(IListener Listener, PingPongHandler Master)> ListenAsync()
    {
        var master = new PingPongHandler();
        IListener listener = await Transport.ListenAsync(NewEndPoint(), new ListenerOptions { LocalRole = PeerRole.Master }, master);
        return (listener, master);
    }

    private async Task<(FrameConnection Connection, PingPongHandler Agent)> DialAsync(IListener listener)
    {
        var agent = new PingPongHandler();
        FrameConnection connection = await Transport.DialAsync(listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Agent }, agent);
        return (connection, agent);
    }

    [Fact]
    public async Task Pings_are_answered_with_pongs_in_order()
    {
        (IListener listener, _) = await ListenAsync();
        (FrameConnection connection, PingPongHandler agent) = await DialAsync(listener);

        const int Count = 10_000;
        for (ulong seq = 1; seq <= Count; seq++)
            Assert.True(await connection.SendMessageAsync(new Ping(seq, (long)seq * 10)));

        await Wait.UntilAsync(() => Interlocked.Read(ref agent.LastPongSequence) == Count, "the last pong");
        Assert.Equal(Count, agent.Pongs);
        await connection.CloseAsync();
        await listener.StopAsync();
    }

    [Fact]
    public async Task Status_updates_are_acknowledged()
    {
        (IListener listener, _) = await ListenAsync();
        (FrameConnection connection, PingPongHandler agent) = await DialAsync(listener);

        for (int i = 0; i < 100; i++)
        {
            var update = new StatusUpdate(new FrameworkId("fw-1"), new TaskStatus
            {
                TaskId = new TaskId("task-" + i),
                State = TaskState.Running,
                AgentId = new AgentId("agent-1"),
                Uuid = Guid.NewGuid(),
                Timestamp = 1_700_000_000 + i,
            });
            Assert.True(connection.TrySendMessage(in update));
        }

        await Wait.UntilAsync(() => agent.Acks == 100, "100 acknowledgements");
        await connection.CloseAsync();
        await listener.StopAsync();
    }

    [Fact]
    public async Task A_payload_that_does_not_decode_closes_only_its_connection()
    {
        (IListener listener, PingPongHandler master) = await ListenAsync();
        (FrameConnection bad, _) = await DialAsync(listener);
        (FrameConnection good, PingPongHandler goodAgent) = await DialAsync(listener);

        // A Ping frame whose payload is not a Ping: the master closes that connection, with the decoder's reason.
        Assert.True(bad.TrySend((ushort)MessageType.Ping, new byte[] { 0xC1, 0xC1, 0xC1 }));
        CloseInfo closed = await Wait.For(bad.Closed, "the bad connection to close");
        Assert.Equal(CloseReason.RemoteClosed, closed.Reason);
        await Wait.UntilAsync(() => !master.Closes.IsEmpty, "the master to record the close");
        CloseInfo reason = Assert.Single(master.Closes);
        Assert.Equal(CloseReason.MalformedMessage, reason.Reason);
        Assert.Contains("Ping", reason.Message, StringComparison.OrdinalIgnoreCase);

        Assert.True(await good.SendMessageAsync(new Ping(7, 7)));
        await Wait.UntilAsync(() => goodAgent.Pongs == 1, "the good connection's pong");
        await good.CloseAsync();
        await listener.StopAsync();
    }

    [Fact]
    public async Task A_message_the_peer_does_not_accept_closes_the_connection_with_a_reason()
    {
        (IListener listener, PingPongHandler master) = await ListenAsync();
        var agent = new PingPongHandler();
        FrameConnection connection = await Transport.DialAsync(listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Agent }, agent);

        // The master side has no handler for ShutdownAgent (a master never receives it): it closes with UnexpectedMessage.
        Assert.True(connection.TrySendMessage(new ShutdownAgent("maintenance")));
        await Wait.For(connection.Closed, "the connection to close");
        await Wait.UntilAsync(() => !master.Closes.IsEmpty, "the master to record the close");
        CloseInfo reason = Assert.Single(master.Closes);
        Assert.Equal(CloseReason.UnexpectedMessage, reason.Reason);
        Assert.Contains("ShutdownAgent", reason.Message);
        await listener.StopAsync();
    }
}
