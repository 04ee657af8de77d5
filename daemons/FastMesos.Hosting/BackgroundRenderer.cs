using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FastMesos.Hosting;

/// <summary>
/// Dedicated threads, at a lowered OS scheduling priority, that run a daemon's long read-only jobs
/// (rendering a 40 MB state document from a snapshot) so that they yield the cores to the control
/// plane: the master's heartbeats, status updates and offers. On a 2-core box, back-to-back
/// <c>/master/state</c> queries rendered on pool threads kept ping delivery waiting for a core
/// (heartbeat p99 7–11 ms during the queries against 3–4 ms without them).
/// <para>
/// Invariants: a job never holds a lock the control plane takes (it must work on a copy made
/// beforehand), since a low-priority thread holding such a lock would make the control plane wait
/// on it. Jobs start in arrival order on the renderer's threads; each job's outcome,
/// result or exception, reaches its caller through the returned task, whose continuation runs on
/// the thread pool, never on a renderer thread.
/// </para>
/// </summary>
/// <remarks>
/// The priority is the Linux per-thread nice value (<c>setpriority(PRIO_PROCESS, 0, n)</c> from
/// the thread itself sets only that thread under NPTL); lowering one's own priority needs no
/// privilege. Elsewhere, or if the call fails, the threads keep the normal priority: the jobs
/// still run, only without the yielding.
/// </remarks>
public sealed partial class BackgroundRenderer : IDisposable
{
    /// <summary>
    /// Nice 10: a CPU-bound renderer gets ~10% of a core against one busy normal thread (weights 110
    /// against 1024) and every normal thread that wakes up preempts it at once; unlike nice 19 or
    /// SCHED_IDLE it still finishes in a reasonable time on a saturated box.
    /// </summary>
    public const int DefaultNice = 10;

    private readonly BlockingCollection<Job> _jobs = new();
    private readonly Thread[] _threads;
    private readonly int _nice;
    private int _lowered;

    /// <param name="name">The threads' name, as <c>top -H</c> and debuggers show it.</param>
    /// <param name="threads">Threads that run jobs side by side; at least 1.</param>
    /// <param name="nice">The nice value the threads set for themselves (0 = normal, 19 = lowest).</param>
    public BackgroundRenderer(string name, int threads, int nice = DefaultNice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        _nice = nice;
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = name };
            _threads[i].Start();
        }
    }

    /// <summary>Threads that set their lowered priority (0 where the platform refused or lacks it).</summary>
    public int LoweredThreads => Volatile.Read(ref _lowered);

    /// <summary>Runs <paramref name="work"/>(<paramref name="state"/>) on a renderer thread; the task completes with its result or exception.</summary>
    public Task<TResult> Run<TState, TResult>(Func<TState, TResult> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new Job<TState, TResult>(work, state);
        _jobs.Add(job);
        return job.Completion.Task;
    }

    private void Run()
    {
        if (SetOwnNice(_nice))
            Interlocked.Increment(ref _lowered);
        foreach (Job job in _jobs.GetConsumingEnumerable())
            job.Execute();
    }

    private static bool SetOwnNice(int nice)
    {
        if (!OperatingSystem.IsLinux() || nice == 0)
            return false;
        try
        {
            return setpriority(PrioProcess, 0, nice) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Lets queued jobs finish and stops the threads.</summary>
    public void Dispose()
    {
        _jobs.CompleteAdding();
        foreach (Thread thread in _threads)
            thread.Join();
        _jobs.Dispose();
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);

    private abstract class Job
    {
        public abstract void Execute();
    }

    private sealed class Job<TState, TResult>(Func<TState, TResult> work, TState state) : Job
    {
        // Continuations go to the pool: a caller's continuation must not run at the renderer's priority.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Execute()
        {
            try
            {
                Completion.SetResult(work(state));
            }
            catch (Exception e)
            {
                Completion.SetException(e);
            }
        }
    }
}
