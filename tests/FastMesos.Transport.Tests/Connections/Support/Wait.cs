using System.Diagnostics;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>Awaiting conditions with a bound: a test never sleeps for a fixed time, it waits for what it needs and fails naming it.</summary>
public static class Wait
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
            await Task.Delay(1);
        }
    }

    /// <summary>A frame send that may wait for back-pressure, bounded like everything else.</summary>
    public static Task<bool> Sent(ValueTask<bool> send) =>
        send.IsCompleted ? Task.FromResult(send.Result) : For(send.AsTask(), "a paused send to resume");

    public static async Task<T> For<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Timed out after {timeout ?? Default} waiting for {what}.");
        }
    }

    public static async Task For(Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Timed out after {timeout ?? Default} waiting for {what}.");
        }
    }
}
