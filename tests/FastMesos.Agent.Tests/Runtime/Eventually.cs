using System.Diagnostics;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>Polls a condition until it holds or a deadline passes; tests wait for asynchronous effects with it, never with fixed sleeps.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? DefaultTimeout;
        while (!condition())
        {
            if (clock.Elapsed > limit)
                Assert.Fail($"timed out after {limit.TotalSeconds} s waiting for {what}");
            await Task.Delay(5);
        }
    }
}
