namespace FastMesos.Marathon.Ha;

/// <summary>Znode path arithmetic.</summary>
internal static class ZNode
{
    /// <summary><paramref name="parent"/>/<paramref name="name"/>, the root being <c>/</c>.</summary>
    public static string Combine(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;
}
