namespace FastMesos.Apps.Deployments;

/// <summary>One action of a deployment step; all actions of one step run in parallel.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="AppId">The app's absolute id.</param>
/// <param name="ScaleTo">The instance count to reach: the target's instances for Scale and Restart, 0 for Start and Stop.</param>
/// <param name="InstancesToKill">
/// For ScaleApplication: instance ids the caller asked to kill (e.g. <c>DELETE /v2/apps/{id}/tasks?scale=true</c>);
/// they are decommissioned first. Empty otherwise.
/// </param>
public sealed record DeploymentAction(DeploymentActionKind Kind, string AppId, int ScaleTo, IReadOnlyList<string> InstancesToKill)
{
    /// <summary>Marathon's wire name of the action (<c>ScaleApplication</c>, …).</summary>
    public string Name => Kind switch
    {
        DeploymentActionKind.StartApplication => "StartApplication",
        DeploymentActionKind.StopApplication => "StopApplication",
        DeploymentActionKind.ScaleApplication => "ScaleApplication",
        _ => "RestartApplication",
    };
}
