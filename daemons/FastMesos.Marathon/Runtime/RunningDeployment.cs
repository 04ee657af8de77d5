using FastMesos.Apps.Deployments;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A deployment being carried out: its plan, the step in progress (0-based; the API shows it
/// 1-based) and, per action of that step, whether it finished and the restart it drives.
/// Owned by the runtime loop.
/// </summary>
internal sealed class RunningDeployment(DeploymentPlan plan)
{
    public DeploymentPlan Plan { get; } = plan;

    /// <summary>The step in progress; equals <c>Plan.Steps.Count</c> once every step finished.</summary>
    public int StepIndex { get; set; } = -1;

    /// <summary>Rolling restarts of the current step, by app id.</summary>
    public Dictionary<string, TaskReplacement> Restarts { get; } = new(StringComparer.Ordinal);

    /// <summary>New-version instances each restart launched, by app id.</summary>
    public Dictionary<string, HashSet<string>> NewInstances { get; } = new(StringComparer.Ordinal);

    /// <summary>The current step's restarts are over: its step ended or the deployment stopped running.</summary>
    public void EndRestarts()
    {
        Restarts.Clear();
        NewInstances.Clear();
    }

    public IReadOnlyList<DeploymentAction> CurrentActions =>
        StepIndex >= 0 && StepIndex < Plan.Steps.Count ? Plan.Steps[StepIndex].Actions : [];
}
