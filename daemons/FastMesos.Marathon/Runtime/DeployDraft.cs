using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// One REST call's change of the tree, planned and checked but not yet stored: what
/// <c>MarathonRuntime.DeployAsync</c> writes (<see cref="Entries"/>) and then applies. Nothing of the
/// runtime reflects it until it is applied, except the rollback versions kept under its deployment
/// id, which are forgotten when its write fails.
/// </summary>
internal sealed class DeployDraft(RootGroup target, DateTimeOffset version, string deploymentId, RunningDeployment? running,
    List<RunningDeployment> conflicts, List<KeyValuePair<string, byte[]>> entries, byte[] treeBytes)
{
    /// <summary>The tree after the change, stamped with <see cref="Version"/>.</summary>
    public RootGroup Target { get; } = target;

    public DateTimeOffset Version { get; } = version;

    public string DeploymentId { get; } = deploymentId;

    /// <summary>The deployment it starts; null when the plan is empty (nothing to do on the agents).</summary>
    public RunningDeployment? Running { get; } = running;

    /// <summary>Running deployments it cancels (forced over their apps); empty when not forced.</summary>
    public List<RunningDeployment> Conflicts { get; } = conflicts;

    /// <summary>
    /// What it stores: every new app version, the tree as a root version, the deployment. The tree
    /// itself (<c>group</c>) is added by the write, once for all drafts written together.
    /// </summary>
    public List<KeyValuePair<string, byte[]>> Entries { get; } = entries;

    /// <summary>The tree as stored under its root version and as the current tree.</summary>
    public byte[] TreeBytes { get; } = treeBytes;

    /// <summary>Completed once its batch's write landed, faulted with the write's failure (batched calls only).</summary>
    public TaskCompletionSource Stored { get; } = new();
}
