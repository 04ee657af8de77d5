namespace FastMesos.Architecture.Tests;

/// <summary>The rules of DESIGN.md §2 applied to the projects that exist in the repository.</summary>
public sealed class RepositoryRuleTests
{
    [Fact]
    public void Project_references_follow_the_rule_of_arrows()
    {
        List<string> violations = DependencyRules.Check(Repository.Projects);

        Assert.True(violations.Count == 0, "Layer violations:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_reader_finds_the_core_projects()
    {
        // Guards the rule test above against passing because it read nothing.
        Assert.Contains(Repository.Projects, p => p.Kind == ProjectKind.Messages);
        Assert.Contains(Repository.Projects, p => p.Kind == ProjectKind.Engine);
        Assert.Contains(Repository.Projects, p => p.Path == "tests/FastMesos.Architecture.Tests/FastMesos.Architecture.Tests.csproj");
    }

    [Fact]
    public void Every_top_level_folder_has_a_readme()
    {
        List<string> missing = Repository.TopLevelFolders
            .Where(folder => !File.Exists(Path.Combine(Repository.Root, folder, "README.md")))
            .Select(folder => $"{folder}/README.md")
            .ToList();

        Assert.True(missing.Count == 0, "Missing: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_project_is_listed_in_the_solution()
    {
        string solution = File.ReadAllText(Path.Combine(Repository.Root, Repository.SolutionFile)).Replace('\\', '/');

        List<string> unlisted = Repository.Projects
            .Where(p => !solution.Contains(p.Path, StringComparison.Ordinal))
            .Select(p => p.Path)
            .ToList();

        Assert.True(unlisted.Count == 0, $"Not in {Repository.SolutionFile}: " + string.Join(", ", unlisted));
    }
}
