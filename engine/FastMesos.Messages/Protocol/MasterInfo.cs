namespace FastMesos.Messages;

/// <summary>Describes the leading master (Mesos <c>MasterInfo</c>), sent to a framework when it subscribes.</summary>
public sealed record MasterInfo
{
    /// <summary>The random id the master took at start; ids it hands out begin with it.</summary>
    public required string Id { get; init; }
    public string? Hostname { get; init; }
    public int Port { get; init; } = 5050;
    public string? Version { get; init; }
}
