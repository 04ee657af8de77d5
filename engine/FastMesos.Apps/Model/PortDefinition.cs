namespace FastMesos.Apps.Model;

/// <summary>A host-mode port: <see cref="Port"/> is the service port (0 = assign one).</summary>
public sealed record PortDefinition
{
    /// <summary>What Marathon gives an app in host mode that declares no ports.</summary>
    public static readonly PortDefinition Default = new() { Name = "default" };

    public int Port { get; init; }
    public string Protocol { get; init; } = "tcp";
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init => field = ValueMap<string>.Of(value); } = ValueMap<string>.Empty;
}
