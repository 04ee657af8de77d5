namespace FastMesos.Transport.Heartbeats;

/// <summary>What a <see cref="HeartbeatServer"/> did, for metrics (all since it started).</summary>
public readonly record struct HeartbeatCounters(
    long PingsSent,
    long PongsReceived,
    long Hellos,
    long Dropped,
    long Fallbacks,
    long SendFailures,
    int ActiveAgents);
