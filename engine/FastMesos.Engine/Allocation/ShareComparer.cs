namespace FastMesos.Engine;

/// <summary>
/// DRF order for role nodes and subscriptions alike: lower share first, then fewer allocations, then
/// lower slot (creation order), so the order is total and deterministic.
/// </summary>
internal readonly struct ShareComparer(double[] share, long[] count) : IOrderComparer
{
    public bool Less(int a, int b)
    {
        double sa = share[a], sb = share[b];
        if (sa != sb)
            return sa < sb;
        long ca = count[a], cb = count[b];
        return ca != cb ? ca < cb : a < b;
    }
}
