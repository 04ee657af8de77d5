namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Counts for a progress bar while a scenario waits: <c>report(name, done, total)</c>, polled every
/// <see cref="Period"/>. Without a reporter (every <c>--json</c> run, the CI check, the tests) the work
/// is awaited alone and nothing is polled, so the measured runs carry no polling load.
/// </summary>
internal static class ProgressBar
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Awaits <paramref name="work"/>, reporting <paramref name="count"/> against <paramref name="total"/>
    /// meanwhile; a count that fails (the master busy or restarting) skips that turn. Reports the
    /// last count once more when the work is done.
    /// </summary>
    public static async Task<T> TrackAsync<T>(Task<T> work, string name, long total, Func<Task<long>> count, Action<string, long, long>? report)
    {
        if (report is null)
            return await work;
        while (!work.IsCompleted)
        {
            await Poll(name, total, count, report);
            await Task.WhenAny(work, Task.Delay(Period));
        }

        await Poll(name, total, count, report);
        return await work;
    }

    private static async Task Poll(string name, long total, Func<Task<long>> count, Action<string, long, long> report)
    {
        try
        {
            report(name, Math.Min(await count(), total), total);
        }
        catch (HttpRequestException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
            // The client's timeout: a master too busy to answer within it skips turns too.
        }
    }
}
