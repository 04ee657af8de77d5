namespace FastMesos.Agent.Containers;

/// <summary>
/// The agent's cgroup subtree: <c>&lt;own cgroup&gt;/&lt;cgroupsRoot&gt;</c> in each controller the
/// isolation needs (cpu and cpuacct for cgroups/cpu, memory for cgroups/mem). Containers get
/// <c>&lt;root&gt;/&lt;containerId&gt;</c> beneath it. cpu and cpuacct may be co-mounted
/// (<c>cpu,cpuacct</c>), in which case both names map to the same directory.
/// </summary>
internal sealed class CgroupRoots
{
    readonly Dictionary<string, string> roots;

    CgroupRoots(Dictionary<string, string> roots) => this.roots = roots;

    /// <summary>Controller → the agent's root directory.</summary>
    public IReadOnlyDictionary<string, string> Roots => roots;

    /// <summary>
    /// Finds and creates the roots for <paramref name="isolation"/>; null with a <paramref name="reason"/>
    /// when cgroups v1 are not usable here (not mounted, not root, read-only).
    /// </summary>
    public static CgroupRoots? TryCreate(CgroupIsolation isolation, string cgroupsRoot, out string? reason)
    {
        reason = null;
        if (isolation == CgroupIsolation.None)
        {
            reason = "no cgroups isolator requested";
            return null;
        }
        if (cgroupsRoot.Length == 0 || cgroupsRoot.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(cgroupsRoot))
        {
            reason = $"invalid cgroups root '{cgroupsRoot}'";
            return null;
        }
        string procCgroup, mountInfo;
        try
        {
            procCgroup = File.ReadAllText("/proc/self/cgroup");
            mountInfo = File.ReadAllText("/proc/self/mountinfo");
        }
        catch (IOException e)
        {
            reason = e.Message;
            return null;
        }
        var controllers = new List<(string Name, bool Required)>();
        if ((isolation & CgroupIsolation.Cpu) != 0)
        {
            controllers.Add(("cpu", true));
            controllers.Add(("cpuacct", false));
        }
        if ((isolation & CgroupIsolation.Memory) != 0)
        {
            controllers.Add(("memory", true));
        }
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, required) in controllers)
        {
            string? own = CgroupsV1.OwnCgroupDirectory(name, procCgroup, mountInfo);
            if (own is null || !Directory.Exists(own))
            {
                if (required)
                {
                    reason = $"cgroup v1 controller '{name}' is not mounted";
                    return null;
                }
                continue;
            }
            string root = Path.Join(own, cgroupsRoot);
            try
            {
                Directory.CreateDirectory(root);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason = $"cannot create cgroup '{root}': {e.Message}";
                return null;
            }
            roots[name] = root;
        }
        return new CgroupRoots(roots);
    }

    /// <summary>Creates the container's cgroups (idempotent); throws <see cref="ContainerLaunchException"/> when the kernel refuses.</summary>
    public ContainerCgroups Create(string containerId)
    {
        var dirs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (controller, root) in roots)
        {
            string dir = Path.Join(root, containerId);
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                new ContainerCgroups(dirs).TryRemoveNow();
                throw new ContainerLaunchException($"Failed to create cgroup '{dir}': {e.Message}", e);
            }
            dirs[controller] = dir;
        }
        return new ContainerCgroups(dirs);
    }

    /// <summary>Removes the agent's root directories when no container cgroup is left in them (tests, clean shutdown).</summary>
    public bool TryRemoveRoots()
    {
        bool all = true;
        foreach (string root in roots.Values)
        {
            all &= CgroupsV1.TryRemove(root);
        }
        return all;
    }
}
