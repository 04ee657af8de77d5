using System.Diagnostics;
using Xunit.Sdk;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>Waits for a condition by polling it, with a timeout that fails the test naming what never happened.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new XunitException($"Timed out after {limit} waiting for {what}");
            }
            await Task.Delay(10);
        }
    }

    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"Timed out waiting for {what}");
        }
    }
}
