namespace FastMesos.Apps.Deployments;

/// <summary>
/// The kinds of a deployment action; the names are Marathon's <c>action</c> strings in
/// <c>/v2/deployments</c> (specs/marathon.md §5.5), so <c>ToString()</c> is the wire name.
/// </summary>
public enum DeploymentActionKind
{
    /// <summary>Creates a new app with 0 instances; scaling it up is a later ScaleApplication.</summary>
    StartApplication,

    /// <summary>Kills all instances of an app absent from the target and removes it.</summary>
    StopApplication,

    /// <summary>Changes only the instance count (optionally killing named instances).</summary>
    ScaleApplication,

    /// <summary>Replaces every instance with one of the new version (rolling, §5.2).</summary>
    RestartApplication,
}
