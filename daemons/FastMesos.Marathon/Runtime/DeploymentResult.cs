namespace FastMesos.Marathon.Runtime;

/// <summary>What a deployable REST call answers: <c>{"deploymentId", "version"}</c> and the <c>Marathon-Deployment-Id</c> header.</summary>
public sealed record DeploymentResult(string DeploymentId, DateTimeOffset Version);
