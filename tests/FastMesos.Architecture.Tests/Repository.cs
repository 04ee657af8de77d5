namespace FastMesos.Architecture.Tests;

/// <summary>The repository the tests run in: its root and its projects, read once per test run.</summary>
public static class Repository
{
    public const string SolutionFile = "FastMesos.sln";

    /// <summary>The top-level folders the client asked for; each carries a README.</summary>
    public static readonly string[] TopLevelFolders = ["engine", "transport", "daemons", "bench", "tests", "perf-reports"];

    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<List<ProjectDescription>> LazyProjects = new(() => ProjectFileReader.ReadAll(Root));

    /// <summary>The nearest folder above the test's output that holds FastMesos.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static IReadOnlyList<ProjectDescription> Projects => LazyProjects.Value;

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} in {AppContext.BaseDirectory} or any folder above it.");
    }
}
