namespace FastMesos.Agent.Runtime;

/// <summary>
/// The agent's directory layout, as Mesos' <c>src/slave/paths.cpp</c> lays it out (specs/mesos.md §1.8, §7):
/// <code>
/// &lt;work_dir&gt;/slaves/&lt;agentId&gt;/frameworks/&lt;fwId&gt;/executors/&lt;execId&gt;/runs/&lt;containerId&gt;/   the sandbox (+ runs/latest)
/// &lt;work_dir&gt;/meta/slaves/latest → &lt;agentId&gt;                                                the checkpointed agent
/// &lt;work_dir&gt;/meta/slaves/&lt;agentId&gt;/slave.info
/// &lt;work_dir&gt;/meta/slaves/&lt;agentId&gt;/frameworks/&lt;fwId&gt;/framework.info
/// &lt;work_dir&gt;/meta/slaves/&lt;agentId&gt;/frameworks/&lt;fwId&gt;/executors/&lt;execId&gt;/runs/&lt;containerId&gt;/container.json
/// &lt;work_dir&gt;/meta/slaves/&lt;agentId&gt;/frameworks/&lt;fwId&gt;/executors/&lt;execId&gt;/runs/&lt;containerId&gt;/tasks/&lt;taskId&gt;/{task.info,task.updates}
/// </code>
/// Ids become path segments: one that could escape its directory (empty, <c>.</c>, <c>..</c>, a
/// slash, a NUL) is refused, so a framework cannot make the agent write outside its work dir.
/// </summary>
public sealed class AgentPaths(string workDir)
{
    public string WorkDir { get; } = Path.GetFullPath(workDir);

    /// <summary>Every sandbox lives below this directory; <c>/files</c> serves nothing outside it.</summary>
    public string SandboxRoot => Path.Combine(WorkDir, "slaves");

    public string MetaRoot => Path.Combine(WorkDir, "meta", "slaves");

    public string LatestAgentLink => Path.Combine(MetaRoot, "latest");

    public string AgentMeta(string agentId) => Path.Combine(MetaRoot, Segment(agentId));

    public string AgentInfoFile(string agentId) => Path.Combine(AgentMeta(agentId), "slave.info");

    public string FrameworkMeta(string agentId, string frameworkId) =>
        Path.Combine(AgentMeta(agentId), "frameworks", Segment(frameworkId));

    public string FrameworkInfoFile(string agentId, string frameworkId) =>
        Path.Combine(FrameworkMeta(agentId, frameworkId), "framework.info");

    public string RunMeta(string agentId, string frameworkId, string executorId, string containerId) =>
        Path.Combine(FrameworkMeta(agentId, frameworkId), "executors", Segment(executorId), "runs", Segment(containerId));

    public string ContainerFile(string runMeta) => Path.Combine(runMeta, "container.json");

    public string TaskMeta(string runMeta, string taskId) => Path.Combine(runMeta, "tasks", Segment(taskId));

    public string TaskInfoFile(string taskMeta) => Path.Combine(taskMeta, "task.info");

    public string TaskUpdatesFile(string taskMeta) => Path.Combine(taskMeta, "task.updates");

    public string ExecutorSandboxes(string agentId, string frameworkId, string executorId) =>
        Path.Combine(SandboxRoot, Segment(agentId), "frameworks", Segment(frameworkId), "executors", Segment(executorId), "runs");

    public string Sandbox(string agentId, string frameworkId, string executorId, string containerId) =>
        Path.Combine(ExecutorSandboxes(agentId, frameworkId, executorId), Segment(containerId));

    /// <summary>True when <paramref name="id"/> can name a directory without escaping its parent.</summary>
    public static bool IsSafeSegment(string? id) =>
        !string.IsNullOrEmpty(id) && id != "." && id != ".." && id.IndexOfAny(['/', '\0']) < 0 && id.Length <= 255;

    private static string Segment(string id)
    {
        if (!IsSafeSegment(id))
            AgentThrowHelper.ThrowUnsafeId(id);
        return id;
    }
}
