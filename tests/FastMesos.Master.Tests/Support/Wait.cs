using System.Diagnostics;

namespace FastMesos.Master.Tests.Support;

/// <summary>Waiting on a condition with a bound: tests never sleep a fixed time.</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? Default;
        while (!condition())
        {
            if (clock.Elapsed > limit)
                throw new Xunit.Sdk.XunitException($"Timed out after {limit} waiting for {what}.");
            await Task.Delay(2);
        }
    }
}
