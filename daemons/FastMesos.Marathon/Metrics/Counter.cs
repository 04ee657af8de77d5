namespace FastMesos.Marathon.Metrics;

/// <summary>A monotonically increasing count; <see cref="Increment"/> is one interlocked add, no allocation.</summary>
public sealed class Counter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);

    public void Add(long amount) => Interlocked.Add(ref _count, amount);
}
