namespace FastMesos.Messages;

/// <summary>HEARTBEAT: the master is alive; a scheduler that misses about five reconnects.</summary>
public readonly record struct HeartbeatEvent;
