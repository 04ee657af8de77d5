namespace FastMesos.Apps.Matching;

/// <summary>Where a constraint's field value comes from.</summary>
public enum ConstraintField : byte
{
    /// <summary><c>hostname</c> / <c>@hostname</c>: the offer's hostname, always present.</summary>
    Hostname,

    /// <summary><c>@region</c> / <c>@zone</c>: fault domains, which offers do not carry yet, so always missing.</summary>
    FaultDomain,

    /// <summary>Any other name: the agent attribute of that name, missing when the agent has none.</summary>
    Attribute,
}
