namespace FastMesos.Simulator;

/// <summary>Runs indexed work with a bounded number in flight (dials, registrations, HTTP requests of a scenario's setup).</summary>
internal static class Concurrently
{
    /// <summary>Runs <paramref name="work"/> for 0 ≤ i &lt; <paramref name="count"/>, at most <paramref name="concurrency"/> at a time, each index once.</summary>
    public static async Task ForEachAsync(int count, int concurrency, Func<int, Task> work)
    {
        int next = -1;
        var workers = new Task[Math.Max(0, Math.Min(concurrency, count))];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                    await work(i).ConfigureAwait(false);
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
