namespace FastMesos.Architecture.Tests;

/// <summary>
/// Decides a project's layer from where it lives, so a new project placed in the right folder is
/// checked without any change here.
/// </summary>
public static class Layers
{
    /// <summary>The folders that hold projects, in the order the layer diagram lists them.</summary>
    public static readonly string[] ProjectFolders = ["engine", "transport", "daemons", "bench", "tests"];

    public const string MessagesProject = "FastMesos.Messages";
    public const string HostingProject = "FastMesos.Hosting";

    /// <summary>The first path segment of a repository-relative path.</summary>
    public static string FolderOf(string path)
    {
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : path[..slash];
    }

    public static ProjectKind Classify(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return FolderOf(path) switch
        {
            "engine" => name == MessagesProject ? ProjectKind.Messages : ProjectKind.Engine,
            "transport" => ProjectKind.Transport,
            "daemons" => name == HostingProject ? ProjectKind.Hosting : ProjectKind.Daemon,
            "bench" or "tests" => ProjectKind.Tooling,
            _ => ProjectKind.Unknown,
        };
    }

    /// <summary>The height of a layer: an arrow from a production project must point to a lower one.</summary>
    public static int Rank(ProjectKind kind) => kind switch
    {
        ProjectKind.Messages => 0,
        ProjectKind.Engine or ProjectKind.Transport => 1,
        ProjectKind.Hosting => 2,
        ProjectKind.Daemon => 3,
        ProjectKind.Tooling => 4,
        _ => -1,
    };
}
