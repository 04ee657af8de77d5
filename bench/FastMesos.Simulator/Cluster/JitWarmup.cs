using System.Buffers;
using FastMesos.Hosting;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// How the load generator's processes warm their hot paths before the clock (<see cref="AgentWarmup"/>):
/// <see cref="Batches"/> batches of <see cref="Rounds"/> rounds with a
/// pause between them. The pauses matter: tiered compilation counts calls only once 100 ms pass
/// without a new method compiled (TC_CallCountingDelayMs), and with TieredPGO a method needs two
/// stretches of 30 counted calls (plain, then instrumented) before its optimized version is compiled
/// in the background, so one burst at start-up would count nothing (measured: no change).
/// </summary>
internal static class JitWarmup
{
    public const int Rounds = 100;
    public const int Batches = 6;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the JIT must stay idle for <see cref="SettleAsync"/> to call it done.</summary>
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest <see cref="SettleAsync"/> waits, however busy the JIT stays.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(3);

    /// <summary>Runs <paramref name="batch"/> (given its index) <see cref="Batches"/> times, pausing between runs.</summary>
    public static void RunSpaced(Action<int> batch)
    {
        for (int i = 0; i < Batches; i++)
        {
            if (i > 0)
                Thread.Sleep(Pause);
            batch(i);
        }
    }

    /// <summary>The asynchronous <see cref="RunSpaced(Action{int})"/>, for batches that wait on sockets.</summary>
    public static async Task RunSpacedAsync(Func<int, Task> batch)
    {
        for (int i = 0; i < Batches; i++)
        {
            if (i > 0)
                await Task.Delay(Pause).ConfigureAwait(false);
            await batch(i).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until tiered compilation has caught up with the batches: the optimized versions of the
    /// methods they made hot are compiled on a background thread some time after the calls that
    /// earned them, and without this wait that happened inside the measured window. In a register
    /// storm of 10,000 agents each agents process compiled 168–195 methods in 163–300 ms of JIT time
    /// during the storm; after the wait, 57–64 methods in 51–89 ms (the ones no warm-up path calls,
    /// such as the datagram heartbeats' socket, which the warm-up master does not offer)
    /// (perf-reports/2026-12-06-idle-allocation-runs/). Done when no method was compiled for
    /// <see cref="SettleQuiet"/>; bounded by <see cref="SettleLimit"/> (<see cref="JitSettle"/>).
    /// </summary>
    public static Task SettleAsync() => JitSettle.WaitAsync(SettleQuiet, SettleLimit);

    public static void Encode<T>(ArrayBufferWriter<byte> buffer, in T message)
    {
        buffer.ResetWrittenCount();
        MessageCodec.Write(buffer, in message);
    }

    /// <summary>
    /// Encodes and decodes <paramref name="message"/> as a connection does: the visitor typed as the
    /// interface the message handler hands the codec, so the same generic instantiations get compiled.
    /// </summary>
    public static void RoundTrip<T>(ArrayBufferWriter<byte> buffer, in T message, IMessageVisitor visitor)
    {
        buffer.ResetWrittenCount();
        MessageType type = MessageCodec.Write(buffer, in message);
        MessageCodec.Decode((ushort)type, new ReadOnlySequence<byte>(buffer.WrittenMemory), visitor, StringPool.Shared);
    }
}
