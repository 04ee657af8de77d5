namespace FastMesos.Simulator.Wire;

/// <summary>One wire load: how many connections, for how long, how many pings in flight per connection, how big a floor frame is.</summary>
internal sealed record WireSpec
{
    public required int Connections { get; init; }
    public required int Seconds { get; init; }

    /// <summary>Bytes of one floor message on the wire (4-byte length included); FastMesos pings are as big as the codec makes them.</summary>
    public required int Size { get; init; }

    /// <summary>Pings in flight per connection: enough that replies coalesce into few syscalls.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Load before the measured window, so connections, the JIT and the pools are warm.</summary>
    public int WarmupMs { get; init; } = 2000;

    /// <summary>
    /// Pings per second over all connections, open loop, one in flight per connection (the latency
    /// mode); 0 = saturating: each connection keeps <see cref="Window"/> in flight.
    /// </summary>
    public int Rate { get; init; }

    /// <summary>Every how many pings one round trip is timed (timing each would cost more than it tells).</summary>
    public int SampleEvery { get; init; } = 16;
}
