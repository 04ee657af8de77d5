namespace FastMesos.Apps.Model;

/// <summary>
/// <c>persistent</c> of a local persistent volume (specs/marathon.md §10). Its
/// <see cref="Constraints"/> are on the disk path (<c>["path","LIKE","/mnt/ssd-.+"]</c>), not app
/// constraints, so they are kept as raw string lists.
/// </summary>
public sealed record PersistentVolumeInfo
{
    public string Type { get; init; } = "root";
    public long Size { get; init; }
    public long? MaxSize { get; init; }
    public string? ProfileName { get; init; }
    public IReadOnlyList<IReadOnlyList<string>> Constraints { get; init => field = ValueList<IReadOnlyList<string>>.Of(Wrap(value)); } = ValueList<IReadOnlyList<string>>.Empty;

    private static IReadOnlyList<IReadOnlyList<string>> Wrap(IReadOnlyList<IReadOnlyList<string>> lists)
    {
        var inner = new IReadOnlyList<string>[lists.Count];
        for (int i = 0; i < inner.Length; i++)
            inner[i] = ValueList<string>.Of(lists[i]);
        return inner;
    }
}
