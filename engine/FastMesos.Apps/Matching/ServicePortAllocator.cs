namespace FastMesos.Apps.Matching;

/// <summary>
/// Service ports, cluster-wide (specs/marathon.md §2 <c>portDefinitions</c>, §11): a requested 0 gets
/// a free port from [<see cref="Min"/>, <see cref="Max"/>] (<c>--local_port_min/max</c>, 10000..20000
/// inclusive); a non-zero request is kept as asked, and reported as a conflict when another app holds
/// it (Marathon leaves that to the user). On update an app gets its previous ports back first; removing
/// an app releases its ports. Not thread-safe: the scheduler's single state owner calls it.
/// </summary>
public sealed class ServicePortAllocator
{
    public const int DefaultMin = 10000, DefaultMax = 20000;

    private readonly Dictionary<string, int[]> _byApp = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _holders = new(); // port -> how many apps hold it
    private int _cursor;

    public ServicePortAllocator(int min = DefaultMin, int max = DefaultMax)
    {
        if (min < 1 || max > 65535 || min > max)
            ThrowHelper.ArgumentOutOfRange(nameof(min), $"service port range [{min}, {max}] is not within 1..65535");
        Min = min;
        Max = max;
        _cursor = min;
    }

    public int Min { get; }
    public int Max { get; }

    /// <summary>The ports assigned to <paramref name="appId"/>, or null.</summary>
    public IReadOnlyList<int>? PortsOf(string appId) => _byApp.TryGetValue(appId, out int[]? p) ? p : null;

    /// <summary>True when some app holds <paramref name="port"/>.</summary>
    public bool IsInUse(int port) => _holders.ContainsKey(port);

    /// <summary>
    /// Assigns service ports for <paramref name="appId"/> (created or updated): one per entry of
    /// <paramref name="requested"/>, 0 = any. On failure (range exhausted) the app keeps what it had.
    /// </summary>
    /// <param name="appId">The app.</param>
    /// <param name="requested">Declared service ports, 0 for "assign one".</param>
    /// <param name="ports">The assigned ports, in request order.</param>
    /// <param name="conflicts">Explicit ports that another app already holds (kept anyway).</param>
    /// <param name="error">Marathon's message when the range is exhausted.</param>
    public bool TryAssign(string appId, IReadOnlyList<int> requested, out int[] ports, out List<int> conflicts, out string? error)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(requested);
        int[]? previous = _byApp.TryGetValue(appId, out int[]? prev) ? prev : null;
        if (previous is not null)
            ReleasePorts(previous);

        ports = new int[requested.Count];
        conflicts = [];
        var chosen = new HashSet<int>();
        for (int i = 0; i < ports.Length; i++)
        {
            int p = requested[i];
            if (p == 0)
                continue;
            if (p < 0 || p > 65535)
                ThrowHelper.ArgumentOutOfRange(nameof(requested), $"service port {p} is not within 0..65535");
            ports[i] = p;
            chosen.Add(p);
            if (_holders.ContainsKey(p))
                conflicts.Add(p);
        }

        int reuse = 0;
        for (int i = 0; i < ports.Length; i++)
        {
            if (requested[i] != 0)
                continue;
            int p = NextReusable(previous, ref reuse, chosen);
            if (p == 0)
                p = NextFree(chosen);
            if (p == 0)
            {
                if (previous is not null)
                    HoldPorts(previous);
                ports = [];
                error = $"All ports in the range [{Min}-{Max}) are already in use";
                return false;
            }
            ports[i] = p;
            chosen.Add(p);
        }

        HoldPorts(ports);
        _byApp[appId] = ports;
        error = null;
        return true;
    }

    /// <summary>Releases the ports of a removed app; false when it had none.</summary>
    public bool Release(string appId)
    {
        if (!_byApp.Remove(appId, out int[]? ports))
            return false;
        ReleasePorts(ports);
        return true;
    }

    // The app's earlier ports, in order, that are in the range and still free.
    private int NextReusable(int[]? previous, ref int next, HashSet<int> chosen)
    {
        if (previous is null)
            return 0;
        while (next < previous.Length)
        {
            int p = previous[next++];
            if (p >= Min && p <= Max && !chosen.Contains(p) && !_holders.ContainsKey(p))
                return p;
        }
        return 0;
    }

    // Round-robin from the cursor, so a released port is not handed out again at once.
    private int NextFree(HashSet<int> chosen)
    {
        int size = Max - Min + 1;
        for (int tried = 0; tried < size; tried++)
        {
            int p = _cursor;
            _cursor = _cursor == Max ? Min : _cursor + 1;
            if (!chosen.Contains(p) && !_holders.ContainsKey(p))
                return p;
        }
        return 0;
    }

    private void HoldPorts(int[] ports)
    {
        foreach (int p in ports)
            _holders[p] = _holders.TryGetValue(p, out int n) ? n + 1 : 1;
    }

    private void ReleasePorts(int[] ports)
    {
        foreach (int p in ports)
        {
            if (!_holders.TryGetValue(p, out int n))
                continue;
            if (n <= 1)
                _holders.Remove(p);
            else
                _holders[p] = n - 1;
        }
    }
}
