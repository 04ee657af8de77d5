namespace FastMesos.Apps.Validation;

/// <summary>
/// The flags some rules depend on (<c>--enable_features</c>, <c>--default_network_name</c>).
/// Defaults make every example in specs/marathon.md valid: features on, no default network.
/// </summary>
public sealed record AppValidationContext
{
    public static readonly AppValidationContext Default = new();

    public bool GpuResourcesEnabled { get; init; } = true;
    public bool SecretsEnabled { get; init; } = true;

    /// <summary>The network a <c>container</c>-mode network without a name joins; null = a name is required.</summary>
    public string? DefaultNetworkName { get; init; }
}
