namespace FastMesos.Engine.Master;

/// <summary>
/// What the master's ping wheel keeps of one agent in it, in the ping table by the agent's
/// <see cref="AgentRecord.PingHandle"/>: all a ping turn reads and a pong writes, so neither fetches
/// the agent's record. <c>default</c> is a free entry.
/// </summary>
internal struct PingEntry
{
    /// <summary>The agent holding the entry; null while it is free.</summary>
    public AgentRecord? Agent;

    /// <summary>The agent's connection, or -1 while it is disconnected (each turn then counts a miss).</summary>
    public int Peer;

    /// <summary>The wheel bucket whose turns the agent has.</summary>
    public int Bucket;

    /// <summary>Turns in a row that found the last ping unanswered or the agent disconnected.</summary>
    public int Missed;

    /// <summary>The last ping's sequence: the entry's count of pings (high half) and its handle (low half).</summary>
    public ulong Sequence;

    /// <summary>The last ping is not answered yet.</summary>
    public bool PongPending;
}
