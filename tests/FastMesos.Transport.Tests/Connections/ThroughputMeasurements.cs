using System.Buffers;
using System.Diagnostics;
using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// A quick look at frames per second on one connection with coalescing (8-byte payloads). Printed,
/// not asserted: tests check correctness, benchmarks measure (DESIGN.md §6). Target: ≥ 5M msgs/s.
/// </summary>
[Collection(nameof(SerialCollection))]
public sealed class ThroughputMeasurements(ITestOutputHelper output)
{
    private const int Frames = 2_000_000;

    [Fact]
    public async Task InProc_frames_per_second()
    {
        var transport = new InProcTransport();
        await MeasureAsync(transport, new InProcEndPoint("throughput"), "inproc");
    }

    [Fact]
    public async Task Tcp_frames_per_second()
    {
        await MeasureAsync(TcpTransport.Instance, new IPEndPoint(IPAddress.Loopback, 0), "tcp");
    }

    private async Task MeasureAsync(ITransport transport, EndPoint endPoint, string name)
    {
        var counter = new CountingHandler(0);
        IListener listener = await transport.ListenAsync(endPoint, new ListenerOptions { LocalRole = PeerRole.Master }, counter);
        FrameConnection connection = await transport.DialAsync(listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Agent }, new CountingHandler(0));

        // Warm up for long enough that tiered compilation has promoted the hot path (call counting
        // starts only after 100 ms without new tier-0 code), then keep the best of a few rounds.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(0.5))
            await RoundAsync(connection, counter, 200_000);

        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            long flushesBefore = connection.FlushCount;
            long pausesBefore = connection.PauseCount;
            long sendsBefore = (connection as TcpFrameConnection)?.SocketSends ?? 0;
            (double seconds, double sendSeconds) = await RoundAsync(connection, counter, Frames);
            long flushes = connection.FlushCount - flushesBefore;
            long pauses = connection.PauseCount - pausesBefore;
            long sends = ((connection as TcpFrameConnection)?.SocketSends ?? 0) - sendsBefore;
            best = Math.Max(best, Frames / seconds);
            output.WriteLine($"{name} round {round + 1}: {Frames:N0} frames of 8 bytes in {seconds:F3} s = {Frames / seconds / 1e6:F2}M frames/s end to end " +
                $"(sender done after {sendSeconds:F3} s); {flushes:N0} flushes ({(double)Frames / Math.Max(1, flushes):F0} frames per flush), {pauses:N0} pauses" +
                (sends > 0 ? $", {sends:N0} socket sends ({(double)Frames / sends:F0} frames per send)" : string.Empty));
        }

        output.WriteLine($"{name}: best {best / 1e6:F2}M frames/s (target 5M; a Debug build or a busy machine reads lower)");
        await connection.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await listener.StopAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<(double Seconds, double SendSeconds)> RoundAsync(FrameConnection connection, CountingHandler counter, int frames)
    {
        counter.Reset(frames);
        var clock = Stopwatch.StartNew();
        await SendAsync(connection, frames);
        double sendSeconds = clock.Elapsed.TotalSeconds;
        await counter.Reached(frames).WaitAsync(TimeSpan.FromSeconds(120));
        return (clock.Elapsed.TotalSeconds, sendSeconds);
    }

    private static async Task SendAsync(FrameConnection connection, int count)
    {
        var payload = new byte[8];
        var memory = new ReadOnlyMemory<byte>(payload);
        for (int i = 0; i < count; i++)
        {
            if (!connection.TrySend(1, payload))
                await Wait.Sent(connection.SendAsync(1, memory));
        }
    }

    private sealed class CountingHandler(long target) : IFrameHandler
    {
        private long _count;
        private long _target = target;
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached(long count) => Volatile.Read(ref _count) >= count ? Task.CompletedTask : _reached.Task;

        public void Reset(long target)
        {
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _target, target);
        }

        public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
        {
            if (++_count == Volatile.Read(ref _target))
                _reached.TrySetResult();
        }
    }
}
