namespace FastMesos.Transport.Connections;

/// <summary>
/// Holds, on one thread, the flushes that connections would otherwise queue to the thread pool, and
/// runs them on that thread when the batch ends. The master's tick pings a slice of its agents
/// (tens of connections) every few milliseconds; a pool work item per connection woke the pool's
/// workers for each slice and left them spinning for the next (a quarter of the master's CPU in a
/// steady-heartbeat profile). Inside a batch the tick's own thread sends the pings once the
/// master's lock is released.
/// </summary>
/// <remarks>
/// Invariants: a held flush always runs — <see cref="End"/> runs every one, and if one throws it
/// queues the rest to the thread pool before the exception leaves — so a frame is never stranded
/// with its connection's <c>_flushScheduled</c> set. Batches do not nest: <see cref="Begin"/> inside
/// a batch is a programming error. Only the thread that began a batch holds flushes; a connection
/// written from any other thread schedules its flush as usual. Call <see cref="End"/> outside any
/// lock a connection's send path takes (the flushes take the send locks and may send on the socket).
/// </remarks>
public static class FlushBatch
{
    [ThreadStatic] private static List<FrameConnection>? t_held;
    [ThreadStatic] private static bool t_active;

    /// <summary>From here until <see cref="End"/>, flushes scheduled on this thread are held.</summary>
    public static void Begin()
    {
        if (t_active)
            ThrowNested();
        t_active = true;
    }

    /// <summary>Ends the batch and runs its held flushes on this thread, in the order they were held.</summary>
    public static void End()
    {
        t_active = false;
        List<FrameConnection>? held = t_held;
        if (held is null || held.Count == 0)
            return;
        int i = 0;
        try
        {
            for (; i < held.Count; i++)
                held[i].RunHeldFlush();
        }
        finally
        {
            // Normally i == Count; after a throw, the flush that threw is done with and the rest go to the pool.
            for (int j = i + 1; j < held.Count; j++)
                held[j].QueueHeldFlush();
            held.Clear();
        }
    }

    /// <summary>Takes <paramref name="connection"/>'s scheduled flush when this thread is in a batch.</summary>
    internal static bool TryHold(FrameConnection connection)
    {
        if (!t_active)
            return false;
        (t_held ??= []).Add(connection);
        return true;
    }

    private static void ThrowNested() => throw new InvalidOperationException("a flush batch is already open on this thread");
}
