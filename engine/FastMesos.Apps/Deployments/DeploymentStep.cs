namespace FastMesos.Apps.Deployments;

/// <summary>
/// One step of a plan. Steps run sequentially; a step starts only after every action of the
/// previous one succeeded. Invariant: a planned step has at least one action.
/// </summary>
/// <param name="Actions">The actions, run in parallel.</param>
public sealed record DeploymentStep(IReadOnlyList<DeploymentAction> Actions);
