using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Scheduler;

/// <summary>
/// A framework's calls to the master, in the order they were made, even while the connection has
/// paused sending (its queue to a busy master passed the pause threshold). A plain
/// <c>TrySendMessage</c> refuses a frame while paused, and the driver's callers do not retry: under
/// a launch flood that silently lost ACCEPTs (their instances stayed staged until the launch timeout)
/// and acknowledgements (the agents resent the updates). Here a refused call waits behind the ones
/// already waiting and is handed to the connection when it resumes; until the wait is over, later
/// calls queue behind it rather than overtake it.
/// <para>
/// Cost: nothing while the connection takes frames; one small task per call that has to wait. What
/// waits is bounded by what the framework calls while its master is not reading; a connection that
/// closes drops the calls still waiting, as it drops the frames it had queued (the driver's
/// re-subscription and reconciliation recover from both).
/// </para>
/// </summary>
internal sealed class OrderedSends
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;
    private int _waiting;   // calls queued behind a pause that the connection has not taken yet

    /// <summary>Calls waiting for the connection to resume (for tests and diagnostics).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
                return _waiting;
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> now when nothing waits and the connection takes it, else queues
    /// it behind the waiting calls. False only when <paramref name="connection"/> is closed.
    /// </summary>
    public bool Send<T>(FrameConnection connection, in T message)
    {
        lock (_gate)
        {
            if (_waiting == 0 && connection.TrySendMessage(in message))
                return true;
            if (connection.CloseInfo is not null)
                return false;
            _waiting++;
            _tail = SendAfterAsync(_tail, connection, message);
            return true;
        }
    }

    /// <summary>
    /// Completes once every call waiting here was handed to <paramref name="connection"/> and the
    /// connection is not paused (at once when both hold already), or once it closed. For a caller
    /// that holds its own work back instead of adding to the queue.
    /// </summary>
    public Task WhenDrainedAsync(FrameConnection connection)
    {
        Task tail;
        lock (_gate)
        {
            if (_waiting == 0 && !connection.IsSendPaused)
                return Task.CompletedTask;
            tail = _tail;
        }

        return DrainAsync(tail, connection);
    }

    private static async Task DrainAsync(Task tail, FrameConnection connection)
    {
        await tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Each turn waits for one resume (the peer drained to the resume threshold) or the close.
        while (connection.IsSendPaused && await connection.WhenSendReadyAsync().ConfigureAwait(false))
        {
        }
    }

    private async Task SendAfterAsync<T>(Task previous, FrameConnection connection, T message)
    {
        try
        {
            // The previous call's own failure is not this one's: wait for it, whatever its outcome.
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Waits while the connection is paused; false (the call is dropped) once it closed.
            await connection.SendMessageAsync(message).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
                _waiting--;
        }
    }
}
