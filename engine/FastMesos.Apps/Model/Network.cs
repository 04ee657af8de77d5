namespace FastMesos.Apps.Model;

/// <summary>One entry of <c>networks</c>; <see cref="Name"/> only for <see cref="NetworkMode.Container"/>.</summary>
public sealed record Network
{
    public static readonly Network Host = new();

    public NetworkMode Mode { get; init; } = NetworkMode.Host;
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init => field = ValueMap<string>.Of(value); } = ValueMap<string>.Empty;
}
