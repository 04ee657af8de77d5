using System.Diagnostics;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// Counts the agents answered in one phase and completes when the last one is: the timestamps of
/// the first and the last answer are what the benchmark reports.
/// </summary>
internal sealed class ReregistrationCounter(int expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;
    private int _wrongId;
    private long _first;
    private long _last;

    public Task Done => _done.Task;

    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Answers that named another agent id than the agent re-registered with.</summary>
    public int WrongId => Volatile.Read(ref _wrongId);

    public long FirstTimestamp => Interlocked.Read(ref _first);

    public long LastTimestamp => Interlocked.Read(ref _last);

    public void Arrived(bool sameId)
    {
        long now = Stopwatch.GetTimestamp();
        if (!sameId)
            Interlocked.Increment(ref _wrongId);
        Interlocked.CompareExchange(ref _first, now, 0);
        int n = Interlocked.Increment(ref _answered);
        if (n == expected)
        {
            Interlocked.Exchange(ref _last, now);
            _done.TrySetResult();
        }
    }
}
