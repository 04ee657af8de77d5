namespace FastMesos.Messages;

/// <summary>Agent → master answer to a <see cref="Ping"/>, echoing its sequence and timestamp. Allocation-free.</summary>
public readonly record struct Pong(ulong Sequence, long Timestamp);
