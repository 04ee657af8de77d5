namespace FastMesos.Apps.Deployments;

/// <summary>An app's <c>killSelection</c>: which of equally-weighted instances a scale-down kills first.</summary>
public enum KillSelection
{
    /// <summary><c>YOUNGEST_FIRST</c> (the default): the latest started or staged first.</summary>
    YoungestFirst,

    /// <summary><c>OLDEST_FIRST</c>: the earliest started or staged first.</summary>
    OldestFirst,
}
