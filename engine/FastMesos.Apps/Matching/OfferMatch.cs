using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// The outcome of matching one offer for one app, owned and reused by its <see cref="OfferMatcher"/>
/// (valid until the next match). Dense: per instance, the milli amount taken from each pool of the
/// offer (a pool = one resource entry: name, role, reservation) and the host ports assigned.
/// <see cref="BuildResources"/> turns one instance into the <see cref="Resources"/> of its TaskInfo;
/// that allocates, and runs only for instances actually launched.
/// </summary>
public sealed class OfferMatch
{
    internal Resource[] Pools = new Resource[8];
    internal int PoolCount;
    internal long[] Taken = new long[64];            // [instance * PoolCount + pool], milli
    internal ulong[] Ports = new ulong[16];          // [instance * PortsPerInstance + j]
    internal int[] PortPools = new int[16];          // the pool each port came from

    // Per pool: the last scalar entry BuildResources made and its amount; valid for the current pools only.
    private Resource?[] _scalars = new Resource?[8];
    private long[] _scalarMilli = new long[8];

    /// <summary>How many instances fit (0 when rejected).</summary>
    public int Count { get; internal set; }

    /// <summary>Why nothing fit, or <see cref="NoMatchReason.None"/> when <see cref="Count"/> &gt; 0.</summary>
    public NoMatchReason Reason { get; internal set; }

    /// <summary>
    /// Why the instance after the last placed one did not fit (<see cref="NoMatchReason.None"/> when the
    /// instance limit stopped it). Useful to see which resource an offer ran out of.
    /// </summary>
    public NoMatchReason StopReason { get; internal set; }

    /// <summary>Host ports per instance (the length of <see cref="LaunchRequirements.HostPorts"/>).</summary>
    public int PortsPerInstance { get; internal set; }

    public bool IsMatch => Count > 0;

    /// <summary>The host port <paramref name="portIndex"/> of instance <paramref name="instance"/>.</summary>
    public ulong HostPort(int instance, int portIndex)
    {
        CheckInstance(instance);
        if ((uint)portIndex >= (uint)PortsPerInstance)
            ThrowHelper.ArgumentOutOfRange(nameof(portIndex), "no such port");
        return Ports[instance * PortsPerInstance + portIndex];
    }

    /// <summary>Copies instance <paramref name="instance"/>'s host ports into <paramref name="dest"/>.</summary>
    public void CopyHostPorts(int instance, Span<ulong> dest)
    {
        CheckInstance(instance);
        Ports.AsSpan(instance * PortsPerInstance, PortsPerInstance).CopyTo(dest);
    }

    /// <summary>The milli amount instance <paramref name="instance"/> takes of scalar <paramref name="name"/>, any role.</summary>
    public Scalar Amount(int instance, string name)
    {
        CheckInstance(instance);
        long sum = 0;
        for (int p = 0; p < PoolCount; p++)
        {
            if (Pools[p].Type == ResourceType.Scalar && Pools[p].Name == name)
                sum += Taken[instance * PoolCount + p];
        }
        return new Scalar(sum);
    }

    /// <summary>The resources for instance <paramref name="instance"/>'s TaskInfo, with the roles and reservations they were offered under.</summary>
    /// <remarks>
    /// Runs once per launched task (a million times in a 1,000 × 1,000 deploy), so it builds the bag's
    /// array at its final size and hands it over (<see cref="Resources.FromDistinct"/>: one entry per
    /// pool, and an offer's pools are distinct), and shares a scalar entry between the instances of
    /// one match that take the same amount of the same pool (resources are immutable).
    /// </remarks>
    public Resources BuildResources(int instance)
    {
        CheckInstance(instance);
        int entries = 0;
        for (int p = 0; p < PoolCount; p++)
        {
            if (Pools[p].Type == ResourceType.Scalar ? Taken[instance * PoolCount + p] > 0 : PortsFrom(instance, p) > 0)
                entries++;
        }
        if (entries == 0)
            return Resources.Empty;
        var items = new Resource[entries];
        int next = 0;
        for (int p = 0; p < PoolCount; p++)
        {
            Resource pool = Pools[p];
            if (pool.Type == ResourceType.Scalar)
            {
                long milli = Taken[instance * PoolCount + p];
                if (milli > 0)
                    items[next++] = ScalarOf(p, milli);
                continue;
            }
            int count = PortsFrom(instance, p);
            if (count == 0)
                continue;
            var ranges = new ValueRange[count];
            int r = 0;
            for (int j = 0; j < PortsPerInstance; j++)
            {
                int k = instance * PortsPerInstance + j;
                if (PortPools[k] == p)
                    ranges[r++] = new ValueRange(Ports[k], Ports[k]);
            }
            items[next++] = Resource.CreateRanges(pool.Name, ranges, pool.Role, pool.Reservation, pool.Principal);
        }
        return Resources.FromDistinct(items);
    }

    /// <summary>Forgets the shared scalar entries: the matcher calls it whenever it loads another offer's pools.</summary>
    internal void ResetScalars()
    {
        if (_scalars.Length < Pools.Length)
        {
            _scalars = new Resource?[Pools.Length];
            _scalarMilli = new long[Pools.Length];
        }
        else
        {
            Array.Clear(_scalars);
        }
    }

    private Resource ScalarOf(int p, long milli)
    {
        if (_scalars[p] is { } shared && _scalarMilli[p] == milli)
            return shared;
        Resource pool = Pools[p];
        Resource made = Resource.CreateScalar(pool.Name, new Scalar(milli), pool.Role, pool.Reservation, pool.Principal);
        _scalars[p] = made;
        _scalarMilli[p] = milli;
        return made;
    }

    private int PortsFrom(int instance, int pool)
    {
        int count = 0;
        for (int j = 0; j < PortsPerInstance; j++)
        {
            if (PortPools[instance * PortsPerInstance + j] == pool)
                count++;
        }
        return count;
    }

    private void CheckInstance(int instance)
    {
        if ((uint)instance >= (uint)Count)
            ThrowHelper.ArgumentOutOfRange(nameof(instance), "no such instance in this match");
    }
}
