namespace FastMesos.Apps.Model;

/// <summary>Tie-break when scaling down: <c>YOUNGEST_FIRST</c> (default) or <c>OLDEST_FIRST</c>.</summary>
public enum KillSelection : byte
{
    YoungestFirst,
    OldestFirst,
}
