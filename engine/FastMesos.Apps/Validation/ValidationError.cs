namespace FastMesos.Apps.Validation;

/// <summary>
/// One entry of Marathon's <c>details</c>: a JSON-pointer-like path (<c>/upgradeStrategy/minimumHealthCapacity</c>,
/// arrays as <c>/constraints(0)</c>) and every rule-violation message for it.
/// </summary>
public sealed record ValidationError(string Path, IReadOnlyList<string> Errors);
