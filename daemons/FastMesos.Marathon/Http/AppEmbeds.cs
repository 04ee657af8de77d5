namespace FastMesos.Marathon.Http;

/// <summary>
/// What an AppInfo carries beyond the definition (<c>?embed=</c>, specs/marathon.md §1.1). Counts
/// and deployments are always written, as Marathon's code does; the rest only when asked.
/// </summary>
[Flags]
internal enum AppEmbeds
{
    None = 0,
    Tasks = 1,
    LastTaskFailure = 2,
    TaskStats = 4,
    Readiness = 8,
}
