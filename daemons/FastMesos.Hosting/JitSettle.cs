using System.Runtime;

namespace FastMesos.Hosting;

/// <summary>
/// Waits until this process's JIT is quiet: no method compiled for a while. A warm-up's calls earn
/// methods their optimized versions, which tiered compilation compiles on a background thread some
/// time later (it counts calls only 100 ms after the last new method, then compiles); a process
/// that starts serving right after its warm-up compiles them while it serves. The runtime offers no
/// event for it, so the count of compiled methods is polled.
/// <para>Used by the master's <c>--warmup_agents</c> before it listens, and by the simulator's agent
/// processes before they dial (perf-reports/2026-12-06-idle-allocation-runs/,
/// perf-reports/2026-12-07-warm-standby/).</para>
/// </summary>
public static class JitSettle
{
    /// <summary>The longest pause between two readings of the count.</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Completes with true once no method was compiled for <paramref name="quietFor"/>, or with false
    /// when <paramref name="limit"/> passed first (a JIT that never rests does not hold the caller).
    /// </summary>
    public static Task<bool> WaitAsync(TimeSpan quietFor, TimeSpan limit, CancellationToken cancellationToken = default) =>
        WaitAsync(quietFor, limit, static () => JitInfo.GetCompiledMethodCount(), TimeProvider.System, cancellationToken);

    /// <summary><see cref="WaitAsync(TimeSpan, TimeSpan, CancellationToken)"/> on <paramref name="compiled"/>'s count and <paramref name="time"/>'s clock.</summary>
    internal static async Task<bool> WaitAsync(TimeSpan quietFor, TimeSpan limit, Func<long> compiled, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quietFor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        TimeSpan poll = quietFor < Poll ? quietFor : Poll;
        long start = time.GetTimestamp();
        long quietSince = start;
        long count = compiled();
        while (time.GetElapsedTime(start) < limit)
        {
            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
            long now = compiled();
            if (now != count)
            {
                count = now;
                quietSince = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(quietSince) >= quietFor)
            {
                return true;
            }
        }

        return false;
    }
}
