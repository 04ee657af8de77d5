namespace FastMesos.Master.Cli;

/// <summary>Everything a master needs to start, built from its flags.</summary>
public sealed record MasterConfiguration(
    MasterServerOptions Server,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyDictionary<string, RoleQuota> Quotas);
