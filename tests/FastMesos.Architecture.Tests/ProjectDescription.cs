namespace FastMesos.Architecture.Tests;

/// <summary>
/// What the rules need to know about one project. Paths are relative to the repository root and use
/// forward slashes, e.g. <c>engine/FastMesos.Engine/FastMesos.Engine.csproj</c>.
/// </summary>
/// <param name="Path">The project file.</param>
/// <param name="ProjectReferences">The project files it references, resolved to repository-relative paths.</param>
/// <param name="PackageReferences">The NuGet packages it references, from the project file and the
/// Directory.Build/Directory.Packages files that apply to it.</param>
/// <param name="AssemblyName">The name of the assembly it builds.</param>
public sealed record ProjectDescription(
    string Path,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    string AssemblyName)
{
    public ProjectDescription(string path, IReadOnlyList<string> projectReferences, IReadOnlyList<string> packageReferences)
        : this(path, projectReferences, packageReferences, System.IO.Path.GetFileNameWithoutExtension(path))
    {
    }

    /// <summary>The top-level folder the project lives in (<c>engine</c>, <c>transport</c>, …).</summary>
    public string Folder => Layers.FolderOf(Path);

    public ProjectKind Kind => Layers.Classify(Path);
}
