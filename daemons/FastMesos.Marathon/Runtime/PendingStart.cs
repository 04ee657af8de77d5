using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Instances a deployment's scale of one app has still to create (<c>MarathonRuntime.PendingStarts</c>):
/// for <see cref="App"/> as <see cref="Deployment"/> scales it. Dropped, not carried out, once that
/// deployment is gone or the app has another definition (a later scale computes its own).
/// </summary>
internal sealed class PendingStart(RunningDeployment deployment, AppDefinition app, int remaining)
{
    public RunningDeployment Deployment { get; } = deployment;

    public AppDefinition App { get; } = app;

    /// <summary>Instances left to create; positive while pending.</summary>
    public int Remaining { get; set; } = remaining;
}
