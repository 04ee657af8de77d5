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

    /// <summary>
    /// Libraries in daemons/ are named <c>FastMesos.*</c> (the master or agent runtime that both its own
    /// executable and <c>fastmesos local</c> host); executables are named <c>fastmesos*</c>.
    /// </summary>
    public const string DaemonLibraryPrefix = "FastMesos.";

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
            "daemons" when name == HostingProject => ProjectKind.Hosting,
            "daemons" when name.StartsWith(DaemonLibraryPrefix, StringComparison.Ordinal) => ProjectKind.DaemonLibrary,
            "daemons" => ProjectKind.Daemon,
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
        ProjectKind.DaemonLibrary => 3,
        ProjectKind.Daemon => 4,
        ProjectKind.Tooling => 5,
        _ => -1,
    };
}
