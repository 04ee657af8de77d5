namespace FastMesos.Apps.Model;

/// <summary>Rolling-restart bounds, both in [0, 1]. Resident apps default to (0.5, 0).</summary>
public sealed record UpgradeStrategy(double MinimumHealthCapacity, double MaximumOverCapacity)
{
    public static readonly UpgradeStrategy Default = new(1.0, 1.0);
    public static readonly UpgradeStrategy ResidentDefault = new(0.5, 0.0);
}
