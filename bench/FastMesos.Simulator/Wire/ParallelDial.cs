namespace FastMesos.Simulator.Wire;

/// <summary>Dials many connections with a bounded number in flight, so a thousand dials do not overrun the listener's backlog.</summary>
internal static class ParallelDial
{
    public static async Task<T[]> RunAsync<T>(int count, Func<int, CancellationToken, Task<T>> dial, CancellationToken cancellationToken)
    {
        var results = new T[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await dial(i, ct));
        return results;
    }
}
