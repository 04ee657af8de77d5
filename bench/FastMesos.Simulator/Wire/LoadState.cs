namespace FastMesos.Simulator.Wire;

/// <summary>What every connection of a client shares: whether to keep sending, and where round trips go.</summary>
internal sealed class LoadState(WireSpec spec)
{
    private volatile bool _stopped;

    public WireSpec Spec { get; } = spec;

    // Room for a long run at one sample in SampleEvery; 8 MiB of longs is cheap next to the sockets.
    public LatencyRecorder Latency { get; } = new(1 << 20);

    public bool Stopped => _stopped;

    public void Stop() => _stopped = true;

    /// <summary>Whether pings follow the rate schedule (one in flight per connection) instead of a saturating window.</summary>
    public bool RateLimited => Spec.Rate > 0;

    // At a bounded rate every round trip is timed: they are few, and the tail is the point.
    public bool Sampled(ulong sequence) => RateLimited || sequence % (ulong)Spec.SampleEvery == 0;
}
