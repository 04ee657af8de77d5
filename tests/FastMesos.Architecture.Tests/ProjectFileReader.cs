using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FastMesos.Architecture.Tests;

/// <summary>
/// Reads project files into <see cref="ProjectDescription"/>s with System.Xml.Linq, without MSBuild
/// and without building anything. Items are read literally: properties and conditions are not
/// evaluated, which is enough for the plain references this repository writes. A reference the
/// reader cannot resolve shows up as a path outside the layer folders and fails the rules.
/// </summary>
public static class ProjectFileReader
{
    /// <summary>Files MSBuild imports into every project beneath them; their package items count too.</summary>
    private static readonly string[] InheritedFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"];

    /// <summary>Every project file in the layer folders, skipping build output, sorted by path.</summary>
    public static List<ProjectDescription> ReadAll(string repoRoot)
    {
        var projects = new List<ProjectDescription>();
        foreach (string folder in Layers.ProjectFolders)
        {
            string directory = Path.Combine(repoRoot, folder);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(directory, "*.csproj", SearchOption.AllDirectories))
            {
                if (!IsBuildOutput(ToRepoPath(repoRoot, file)))
                {
                    projects.Add(Read(repoRoot, file));
                }
            }
        }

        projects.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return projects;
    }

    public static ProjectDescription Read(string repoRoot, string projectFile)
    {
        XDocument project = XDocument.Load(projectFile);
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;

        var projectReferences = new List<string>();
        foreach (string include in Includes(project, "ProjectReference"))
        {
            foreach (string file in Expand(projectDirectory, include))
            {
                projectReferences.Add(ToRepoPath(repoRoot, file));
            }
        }

        var packages = new List<string>(Includes(project, "PackageReference"));
        foreach (string file in InheritedBuildFiles(repoRoot, projectDirectory))
        {
            XDocument inherited = XDocument.Load(file);
            packages.AddRange(Includes(inherited, "PackageReference"));
            packages.AddRange(Includes(inherited, "GlobalPackageReference"));
        }

        string? assemblyName = project.Descendants()
            .FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return new ProjectDescription(
            ToRepoPath(repoRoot, projectFile),
            projectReferences,
            packages.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            string.IsNullOrEmpty(assemblyName) ? Path.GetFileNameWithoutExtension(projectFile) : assemblyName);
    }

    /// <summary>A repository-relative path with forward slashes.</summary>
    public static string ToRepoPath(string repoRoot, string path) =>
        Path.GetRelativePath(repoRoot, Path.GetFullPath(path)).Replace('\\', '/');

    private static bool IsBuildOutput(string repoPath) =>
        repoPath.Split('/').Any(segment => segment is "bin" or "obj");

    /// <summary>The Include values of every item of one type; an Include may list several, separated by ';'.</summary>
    private static IEnumerable<string> Includes(XDocument document, string itemType) =>
        document.Descendants()
            .Where(e => e.Name.LocalName == itemType)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .SelectMany(include => include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Directory.Build.* and Directory.Packages.props from the project's folder up to the repository root.</summary>
    private static IEnumerable<string> InheritedBuildFiles(string repoRoot, string projectDirectory)
    {
        string root = Path.GetFullPath(repoRoot).TrimEnd(Path.DirectorySeparatorChar);
        for (DirectoryInfo? directory = new(projectDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (string name in InheritedFiles)
            {
                string file = Path.Combine(directory.FullName, name);
                if (File.Exists(file))
                {
                    yield return file;
                }
            }

            if (string.Equals(directory.FullName.TrimEnd(Path.DirectorySeparatorChar), root, StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The files an Include names, relative to the project's folder. MSBuild wildcards (<c>*</c>,
    /// <c>?</c>, <c>**</c>) are expanded against the file system; a literal path is returned as is,
    /// whether or not it exists.
    /// </summary>
    private static IEnumerable<string> Expand(string projectDirectory, string include)
    {
        string pattern = include.Replace('\\', '/');
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return [Path.GetFullPath(Path.Combine(projectDirectory, pattern))];
        }

        string[] segments = pattern.Split('/');
        int firstWild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        string baseDirectory = Path.GetFullPath(Path.Combine(projectDirectory, string.Join('/', segments[..firstWild])));
        if (!Directory.Exists(baseDirectory))
        {
            return [];
        }

        var matcher = new Regex(GlobToRegex(string.Join('/', segments[firstWild..])), RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(baseDirectory, "*", SearchOption.AllDirectories)
            .Where(file => matcher.IsMatch(Path.GetRelativePath(baseDirectory, file).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches any number of folders, including none.
                bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.Append('$').ToString();
    }
}
