using FastMesos.Apps.Deployments;

namespace FastMesos.Marathon.State;

/// <summary>What <see cref="DeploymentCodec"/> stores of one running deployment.</summary>
internal sealed record StoredDeployment(string Id, DateTimeOffset Version, int Step, IReadOnlyList<PlanApp> Original, IReadOnlyList<PlanApp> Target,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ToKill, IReadOnlyDictionary<string, DateTimeOffset> VersionsBefore,
    IReadOnlyDictionary<string, DateTimeOffset> TargetVersions);
