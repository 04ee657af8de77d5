using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;

namespace FastMesos.Scheduler.Tests;

/// <summary>
/// The driver's calls while its connection pauses sending (a master that does not read fast enough):
/// none is lost and none overtakes another. Before <see cref="OrderedSends"/> a paused connection
/// refused the frame and the call was silently dropped (a lost ACCEPT left its tasks staged until
/// the launch timeout).
/// </summary>
public sealed class OrderedSendsTests
{
    [Fact]
    public async Task Calls_made_while_the_connection_is_paused_arrive_later_all_of_them_in_order()
    {
        await using StalledMaster stalled = await StalledMaster.StartAsync("ordered-sends");
        (StalledReader master, FrameConnection connection) = (stalled.Master, stalled.Connection);

        var sends = new OrderedSends();
        var expected = new List<byte[]>();
        int waitedMax = 0;
        try
        {
            // Calls until the connection pauses (bounded), then as many again: those must wait.
            int afterPause = -1;
            for (int i = 0; i < 100_000 && afterPause != 0; i++)
            {
                MessageCall call = Call(i);
                expected.Add(Encode(call));
                Assert.True(sends.Send(connection, in call), $"call {i} was refused");
                waitedMax = Math.Max(waitedMax, sends.Waiting);
                if (afterPause < 0 && connection.IsSendPaused)
                    afterPause = 200;
                else if (afterPause > 0)
                    afterPause--;
            }

            // The master read nothing yet: the connection paused and the later calls wait in order.
            Assert.True(connection.IsSendPaused, "the connection never paused");
            Assert.True(waitedMax >= 200, $"only {waitedMax} calls had to wait");
        }
        finally
        {
            master.Release();
        }

        int calls = expected.Count;
        await Eventually.Until(() => master.Count == calls && sends.Waiting == 0, $"all {calls} calls to arrive");
        List<byte[]> received = master.Received;
        for (int i = 0; i < calls; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(received[i]), $"frame {i} is not call {i}");
    }

    [Fact]
    public async Task WhenDrained_completes_once_the_waiting_calls_went_out_and_the_connection_resumed()
    {
        await using StalledMaster stalled = await StalledMaster.StartAsync("ordered-sends-drained");
        (StalledReader master, FrameConnection connection) = (stalled.Master, stalled.Connection);

        var sends = new OrderedSends();
        Assert.True(sends.WhenDrainedAsync(connection).IsCompleted, "nothing waits and the connection is not paused");
        Task drained;
        int calls = 0;
        try
        {
            // The master reads nothing yet: calls until some wait behind the pause.
            while (sends.Waiting < 10)
            {
                MessageCall call = Call(calls++);
                Assert.True(sends.Send(connection, in call), $"call {calls - 1} was refused");
                Assert.True(calls < 100_000, "no call ever had to wait");
            }

            drained = sends.WhenDrainedAsync(connection);
            Assert.False(drained.IsCompleted);
        }
        finally
        {
            master.Release();
        }

        await drained.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, sends.Waiting);
        Assert.False(connection.IsSendPaused);
        await Eventually.Until(() => master.Count == calls, $"all {calls} calls to arrive");
    }

    [Fact]
    public async Task WhenDrained_completes_when_the_paused_connection_closes()
    {
        await using StalledMaster stalled = await StalledMaster.StartAsync("ordered-sends-drained-closed");
        (StalledReader master, FrameConnection connection) = (stalled.Master, stalled.Connection);
        var sends = new OrderedSends();
        try
        {
            for (int i = 0; !connection.IsSendPaused; i++)
            {
                MessageCall call = Call(i);
                Assert.True(sends.Send(connection, in call));
                Assert.True(i < 100_000, "the connection never paused");
            }

            Task drained = sends.WhenDrainedAsync(connection);
            Assert.False(drained.IsCompleted);
            connection.Close(CloseReason.LocalClose, "test");
            await drained.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            master.Release();
        }
    }

    [Fact]
    public async Task A_closed_connection_refuses_the_call()
    {
        var transport = new InProcTransport();
        var endPoint = new InProcEndPoint("ordered-sends-closed");
        await using IListener listener = await transport.ListenAsync(endPoint, new ListenerOptions { LocalRole = PeerRole.Master }, new StalledReader(released: true));
        FrameConnection connection = await transport.DialAsync(endPoint, new DialOptions { LocalRole = PeerRole.Scheduler }, new StalledReader(released: true));
        await connection.DisposeAsync();
        await connection.Closed;

        MessageCall call = Call(1);
        Assert.False(new OrderedSends().Send(connection, in call));
    }

    /// <summary>A scheduler connection to a master whose reader holds the first frame until released; it pauses at 8 KiB.</summary>
    private sealed class StalledMaster(IListener listener, StalledReader master, FrameConnection connection) : IAsyncDisposable
    {
        public StalledReader Master => master;

        public FrameConnection Connection => connection;

        public static async Task<StalledMaster> StartAsync(string name)
        {
            var transport = new InProcTransport();
            var master = new StalledReader();
            var endPoint = new InProcEndPoint(name);
            IListener listener = await transport.ListenAsync(endPoint, new ListenerOptions { LocalRole = PeerRole.Master }, master);
            FrameConnection connection = await transport.DialAsync(endPoint,
                new DialOptions { LocalRole = PeerRole.Scheduler, SendPauseThreshold = 8 * 1024, SendResumeThreshold = 4 * 1024 }, new StalledReader());
            return new StalledMaster(listener, master, connection);
        }

        public async ValueTask DisposeAsync()
        {
            master.Release();
            await connection.DisposeAsync();
            await listener.DisposeAsync();
        }
    }

    private static MessageCall Call(int i) => new()
    {
        FrameworkId = new FrameworkId("fw"),
        AgentId = new AgentId("agent"),
        ExecutorId = new ExecutorId("executor"),
        Data = BitConverter.GetBytes(i).Concat(new byte[96]).ToArray(),
    };

    private static byte[] Encode(MessageCall call)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, in call);
        return buffer.WrittenSpan.ToArray();
    }
}
