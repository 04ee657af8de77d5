namespace FastMesos.Apps.Constraints;

/// <summary>Marathon's placement operators (specs/marathon.md §3). Input names are case-insensitive.</summary>
public enum ConstraintOperator : byte
{
    Unique,
    Cluster,
    GroupBy,
    MaxPer,
    Like,
    Unlike,
    Is,
}
