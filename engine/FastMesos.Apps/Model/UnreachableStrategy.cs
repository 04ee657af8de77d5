namespace FastMesos.Apps.Model;

/// <summary>
/// <c>"disabled"</c> (<see cref="IsDisabled"/>; required for resident apps) or the two timeouts,
/// default (0, 0) = replace at once.
/// </summary>
public sealed record UnreachableStrategy(bool IsDisabled, int InactiveAfterSeconds, int ExpungeAfterSeconds)
{
    public static readonly UnreachableStrategy Default = new(false, 0, 0);
    public static readonly UnreachableStrategy Disabled = new(true, 0, 0);

    public static UnreachableStrategy Enabled(int inactiveAfterSeconds, int expungeAfterSeconds) =>
        new(false, inactiveAfterSeconds, expungeAfterSeconds);
}
