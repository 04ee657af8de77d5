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
    public Resources BuildResources(int instance)
    {
        CheckInstance(instance);
        var list = new List<Resource>();
        for (int p = 0; p < PoolCount; p++)
        {
            Resource pool = Pools[p];
            if (pool.Type == ResourceType.Scalar)
            {
                long milli = Taken[instance * PoolCount + p];
                if (milli > 0)
                    list.Add(Resource.CreateScalar(pool.Name, new Scalar(milli), pool.Role, pool.Reservation, pool.Principal));
                continue;
            }
            List<ValueRange>? ranges = null;
            for (int j = 0; j < PortsPerInstance; j++)
            {
                int k = instance * PortsPerInstance + j;
                if (PortPools[k] == p)
                    (ranges ??= []).Add(new ValueRange(Ports[k], Ports[k]));
            }
            if (ranges is not null)
                list.Add(Resource.CreateRanges(pool.Name, ranges, pool.Role, pool.Reservation, pool.Principal));
        }
        return Resources.From(list);
    }

    private void CheckInstance(int instance)
    {
        if ((uint)instance >= (uint)Count)
            ThrowHelper.ArgumentOutOfRange(nameof(instance), "no such instance in this match");
    }
}
