using System.IO.Pipelines;

namespace FastMesos.Transport.Connections;

/// <summary>
/// The reader scheduler of a TCP connection's send pipe. Normally the send loop wakes on the thread
/// pool (a flush runs under the send lock, and a socket send must not). Around the flushes that
/// run on a thread about to leave the lock anyway (the end of a received batch, a scheduled
/// flush), the connection captures the wake-up instead and runs the send loop on that thread once
/// the lock is released: the bytes leave without a thread-pool hop, as a plain socket echo would.
/// </summary>
/// <remarks>
/// Invariant: a captured continuation is always run, by <see cref="RunCaptured"/> on the capturing
/// thread (callers pair <see cref="BeginCapture"/> with it in a finally). Only the first wake-up of
/// a capture is held; any other goes to the thread pool as usual.
/// </remarks>
internal sealed class SendLoopScheduler : PipeScheduler
{
    public static readonly SendLoopScheduler Instance = new();

    [ThreadStatic] private static bool t_capturing;
    [ThreadStatic] private static Action<object?>? t_action;
    [ThreadStatic] private static object? t_state;

    private SendLoopScheduler()
    {
    }

    public override void Schedule(Action<object?> action, object? state)
    {
        if (t_capturing && t_action is null)
        {
            t_action = action;
            t_state = state;
            return;
        }

        ThreadPool.Schedule(action, state);
    }

    /// <summary>From here until <see cref="RunCaptured"/>, this thread holds the send loop's wake-up instead of queueing it.</summary>
    public static void BeginCapture() => t_capturing = true;

    /// <summary>Ends the capture and runs the held wake-up, if any, on this thread; call it outside the send lock.</summary>
    public static void RunCaptured()
    {
        t_capturing = false;
        Action<object?>? action = t_action;
        if (action is null)
            return;
        object? state = t_state;
        t_action = null;
        t_state = null;
        action(state);
    }
}
