namespace FastMesos.Agent.Containers;

/// <summary>
/// The sandbox layout of Mesos (src/slave/paths.cpp):
/// <c>&lt;work_dir&gt;/slaves/&lt;agentId&gt;/frameworks/&lt;fwId&gt;/executors/&lt;execId&gt;/runs/&lt;containerId&gt;</c>,
/// with <c>runs/latest</c> a symlink to the newest run of the executor. It holds <c>stdout</c>,
/// <c>stderr</c> and the fetched files.
/// </summary>
public static class Sandbox
{
    /// <summary>The name of the symlink to an executor's newest run.</summary>
    public const string Latest = "latest";

    /// <summary>The run directory of one container (not created).</summary>
    public static string PathFor(string workDirectory, string agentId, string frameworkId, string executorId, string containerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        return Path.Join(ExecutorDirectory(workDirectory, agentId, frameworkId, executorId), "runs", CheckSegment(containerId, nameof(containerId)));
    }

    /// <summary>The executor's directory, parent of its <c>runs</c>.</summary>
    public static string ExecutorDirectory(string workDirectory, string agentId, string frameworkId, string executorId) =>
        Path.Join(workDirectory, "slaves", CheckSegment(agentId, nameof(agentId)), "frameworks", CheckSegment(frameworkId, nameof(frameworkId)),
            "executors", CheckSegment(executorId, nameof(executorId)));

    /// <summary>
    /// Creates the run directory and points <c>runs/latest</c> at it (replaced atomically through a
    /// rename, so a reader never sees it missing). Returns the run directory.
    /// </summary>
    public static string Create(string workDirectory, string agentId, string frameworkId, string executorId, string containerId)
    {
        string run = PathFor(workDirectory, agentId, frameworkId, executorId, containerId);
        Directory.CreateDirectory(run);
        string runs = Path.GetDirectoryName(run)!;
        string latest = Path.Join(runs, Latest);
        string temp = Path.Join(runs, "." + Latest + "." + containerId);
        File.Delete(temp);
        File.CreateSymbolicLink(temp, containerId);
        Posix.Rename(temp, latest);
        return run;
    }

    /// <summary>
    /// Ids become path segments; one that is empty, "." or "..", holds a '/' or a NUL, or is named
    /// like the latest link would escape or break the layout.
    /// </summary>
    static string CheckSegment(string id, string name)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." or Latest || id.Contains('/') || id.Contains('\0'))
        {
            throw new ArgumentException($"'{id}' cannot be used as a path segment of a sandbox", name);
        }
        return id;
    }
}
