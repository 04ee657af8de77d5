using System.Diagnostics;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Wire;

/// <summary>An agent-like connection's visitor: counts pongs, times sampled ones, and answers each with the next ping.</summary>
internal sealed class PongVisitor(FrameConnection connection, LoadState load) : IMessageVisitor
{
    private long _pongs;
    private ulong _sequence;
    private int _inFlight;
    // The timestamp of the last sampled ping, carried by the unsampled ones: reading the clock costs
    // the client more than decoding a pong (a vDSO call under KVM), and only sampled pings are timed.
    // A real timestamp keeps every ping the size a timed one has on the wire.
    private long _lastTimestamp = Stopwatch.GetTimestamp();

    public long Pongs => Volatile.Read(ref _pongs);

    public void Unexpected(MessageType type) => connection.Close(CloseReason.UnexpectedMessage, $"unexpected {type}");

    public void SendWindow()
    {
        for (int i = 0; i < load.Spec.Window; i++)
            SendPing();
    }

    public void Visit(in Pong message)
    {
        Volatile.Write(ref _pongs, _pongs + 1);
        if (load.Sampled(message.Sequence))
            load.Latency.Record(message.Timestamp);
        if (load.RateLimited)
            Volatile.Write(ref _inFlight, 0); // the schedule sends the next one
        else if (!load.Stopped)
            SendPing();
    }

    /// <summary>Rate mode: one ping, unless the previous one has not come back.</summary>
    public bool TryPing()
    {
        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0)
            return false;
        SendPing();
        return true;
    }

    private void SendPing()
    {
        // Interlocked: the window is sent from the starting thread while early pongs already send from the receive path.
        ulong sequence = Interlocked.Increment(ref _sequence);
        long timestamp = load.Sampled(sequence) ? _lastTimestamp = Stopwatch.GetTimestamp() : _lastTimestamp;
        connection.TrySendMessage(new Ping(sequence, timestamp));
    }
}
