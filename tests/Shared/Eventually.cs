namespace FastMesos.Testing;

/// <summary>
/// Polls a condition until it holds or a deadline passes; tests never sleep for a fixed time.
/// One copy for every test project (linked in by tests/Directory.Build.props).
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>The same with an asynchronous condition (an HTTP query).</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the first item of <paramref name="items"/> (a snapshot function) that matches.</summary>
    public static async Task<T> First<T>(Func<IReadOnlyList<T>> items, Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        T? found = default;
        await Until(() =>
        {
            foreach (T item in items())
            {
                if (match(item))
                {
                    found = item;
                    return true;
                }
            }

            return false;
        }, what, timeout);
        return found!;
    }
}
