namespace FastMesos.Engine;

/// <summary>How the allocator orders roles, and frameworks within a role.</summary>
public enum SorterKind
{
    /// <summary>Weighted dominant resource fairness: lowest share ÷ weight first.</summary>
    Drf,

    /// <summary>A weighted random order drawn afresh every allocation run (Mesos' <c>random</c> sorter).</summary>
    Random,
}
