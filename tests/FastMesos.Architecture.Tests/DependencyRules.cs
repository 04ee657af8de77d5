namespace FastMesos.Architecture.Tests;

/// <summary>
/// The rule of arrows (DESIGN.md §2) as a pure function over project descriptions, so it can be
/// checked against the real repository and against hand-made graphs that must fail.
/// </summary>
public static class DependencyRules
{
    /// <summary>
    /// Packages an engine project may reference besides analyzers. Empty: the engine is pure and
    /// needs nothing but the BCL. A package added here must keep the engine free of I/O, threads and
    /// wall-clock time, and EngineAssemblyTests' forbidden assemblies must still hold.
    /// </summary>
    public static readonly string[] EnginePackageAllowList = [];

    /// <summary>Analyzer packages only run in the compiler and ship nothing, so every project may use them.</summary>
    public static bool IsAnalyzerPackage(string package) =>
        package.Contains("Analyzers", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every violation in the graph, one line each, naming the project and the offending reference.</summary>
    public static List<string> Check(IReadOnlyCollection<ProjectDescription> projects)
    {
        var byPath = new Dictionary<string, ProjectDescription>(StringComparer.Ordinal);
        foreach (ProjectDescription project in projects)
        {
            byPath[project.Path] = project;
        }

        var violations = new List<string>();
        foreach (ProjectDescription project in projects)
        {
            foreach (string package in project.PackageReferences)
            {
                string? reason = PackageViolation(project, package);
                if (reason is not null)
                {
                    violations.Add($"{project.Path} references package {package}: {reason}");
                }
            }

            foreach (string reference in project.ProjectReferences)
            {
                string? reason = byPath.TryGetValue(reference, out ProjectDescription? target)
                    ? EdgeViolation(project, target)
                    : $"it is not a project under {string.Join("/, ", Layers.ProjectFolders)}/";
                if (reason is not null)
                {
                    violations.Add($"{project.Path} references {reference}: {reason}");
                }
            }
        }

        return violations;
    }

    /// <summary>Why a project may not reference a package, or null when it may.</summary>
    public static string? PackageViolation(ProjectDescription project, string package)
    {
        if (IsAnalyzerPackage(package))
        {
            return null;
        }

        return project.Kind switch
        {
            ProjectKind.Messages => "Messages depends on nothing but the BCL",
            ProjectKind.Engine when Array.IndexOf(EnginePackageAllowList, package) < 0 =>
                "the engine is pure; a package it needs goes on DependencyRules.EnginePackageAllowList with a reason",
            _ => null,
        };
    }

    /// <summary>
    /// Why <paramref name="from"/> may not reference <paramref name="to"/>, or null when it may.
    /// The specific rules come first so the message says which rule an edge breaks; the last check,
    /// that every arrow points down, covers any project kind the specific rules do not mention.
    /// </summary>
    public static string? EdgeViolation(ProjectDescription from, ProjectDescription to)
    {
        ProjectKind source = from.Kind;
        ProjectKind target = to.Kind;

        // Tests and benchmarks sit above everything and may reference anything.
        if (source == ProjectKind.Tooling)
        {
            return null;
        }

        if (target == ProjectKind.Tooling)
        {
            return "production projects never reference tests/ or bench/ projects";
        }

        if (target == ProjectKind.Unknown)
        {
            return $"it is not in a layer folder ({string.Join(", ", Layers.ProjectFolders)})";
        }

        if (target == ProjectKind.Daemon)
        {
            return "no project references a daemon executable; what daemons share goes into a library below them";
        }

        string? specific = source switch
        {
            ProjectKind.Messages => "Messages references no project",
            ProjectKind.Engine when target is not (ProjectKind.Messages or ProjectKind.Engine) =>
                "the engine references only Messages and other engine projects",
            ProjectKind.Transport when target is not (ProjectKind.Messages or ProjectKind.Transport) =>
                "transport references only Messages and other transport projects, never the engine",
            ProjectKind.Hosting when target == ProjectKind.Engine =>
                "hosting never references the engine, only Messages",
            _ => null,
        };
        if (specific is not null)
        {
            return specific;
        }

        int fromRank = Layers.Rank(source);
        int toRank = Layers.Rank(target);
        bool down = toRank < fromRank;
        bool sideways = toRank == fromRank
            && (source is ProjectKind.Engine or ProjectKind.Transport)
            && string.Equals(from.Folder, to.Folder, StringComparison.Ordinal);
        return down || sideways
            ? null
            : $"every arrow points down, but {source} (layer {fromRank}) -> {target} (layer {toRank}) does not";
    }
}
