namespace FastMesos.Master.Cli;

/// <summary>
/// Everything a master needs to start, built from its flags. <paramref name="WarmupAgents"/>: the
/// loopback agents of the warm-up before it listens (<c>--warmup_agents</c>; 0: none).
/// </summary>
public sealed record MasterConfiguration(
    MasterServerOptions Server,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyDictionary<string, RoleQuota> Quotas,
    int WarmupAgents = 0);
