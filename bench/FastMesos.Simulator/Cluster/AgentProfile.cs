using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// One kind of simulated agent (Mesos' AgentProfile): what it advertises and what share of the
/// cluster it makes up. <c>--agents N</c> spreads N over the profiles by <see cref="Share"/>.
/// </summary>
public sealed record AgentProfile
{
    [JsonPropertyName("name")] public string Name { get; init; } = "agent";

    /// <summary>Mesos resource text, e.g. <c>cpus:8;mem:16384;disk:16384;ports:[31000-32000]</c>.</summary>
    [JsonPropertyName("resources")] public string Resources { get; init; } = "cpus:8;mem:16384;disk:16384;ports:[31000-32000]";

    /// <summary>Mesos attribute text, e.g. <c>rack:r1;zone:a</c>; empty for none.</summary>
    [JsonPropertyName("attributes")] public string Attributes { get; init; } = "";

    /// <summary>Relative weight of this profile among the agents (any positive number).</summary>
    [JsonPropertyName("share")] public double Share { get; init; } = 1;
}
