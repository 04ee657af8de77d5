namespace FastMesos.Transport.Connections;

/// <summary>What happened to a flush (or to a frame and the flush it triggered), decided under the send lock and acted on after it.</summary>
internal enum SendOutcome
{
    /// <summary>Written; nothing more to do.</summary>
    Done,

    /// <summary>Written; the caller queues the one scheduled flush.</summary>
    ScheduleFlush,

    /// <summary>Flushed, and the pipe is over its pause threshold: await the flush, refusing sends meanwhile.</summary>
    Paused,

    /// <summary>The reader of the output is gone (send loop ended, in-process peer closed).</summary>
    PeerGone,
}
