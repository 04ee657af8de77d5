namespace FastMesos.Apps.Model;

/// <summary><c>external</c> of an external (dvdi/csi) volume, kept as data: FastMesos does not provision them.</summary>
public sealed record ExternalVolumeInfo
{
    public string? Name { get; init; }
    public string? Provider { get; init; }
    public long? Size { get; init; }
    public bool Shared { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init => field = ValueMap<string>.Of(value); } = ValueMap<string>.Empty;
}
