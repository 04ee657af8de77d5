namespace FastMesos.Messages;

/// <summary>
/// How long the unused part of an offer stays refused to the framework (Mesos <c>Filters</c>;
/// default 5 s, capped at 365 days by the master).
/// </summary>
public readonly record struct Filters(double RefuseSeconds = Filters.DefaultRefuseSeconds)
{
    public const double DefaultRefuseSeconds = 5.0;
}
