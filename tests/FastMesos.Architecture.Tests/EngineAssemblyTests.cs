using System.Reflection;

namespace FastMesos.Architecture.Tests;

/// <summary>
/// The engine is pure (DESIGN.md §2 rule 2): its compiled assemblies reference no network, pipe,
/// serializer or hosting assemblies, however they got there (a package, a transitive reference, a
/// framework reference). The test project references every engine project, so their assemblies sit
/// next to this one.
/// </summary>
public sealed class EngineAssemblyTests
{
    /// <summary>Assembly name prefixes the engine never references; an entry ending in '.' is a family.</summary>
    public static readonly string[] ForbiddenAssemblies =
        ["System.Net", "System.Net.", "System.IO.Pipelines", "MessagePack", "MessagePack.", "Microsoft.Extensions."];

    public static bool IsForbidden(string assemblyName) =>
        ForbiddenAssemblies.Any(forbidden => forbidden.EndsWith('.')
            ? assemblyName.StartsWith(forbidden, StringComparison.Ordinal)
            : assemblyName == forbidden);

    [Fact]
    public void Engine_assemblies_reference_no_network_pipeline_serializer_or_extensions_assembly()
    {
        List<ProjectDescription> engineProjects = Repository.Projects
            .Where(p => p.Kind is ProjectKind.Messages or ProjectKind.Engine)
            .ToList();
        Assert.NotEmpty(engineProjects);

        var violations = new List<string>();
        foreach (ProjectDescription project in engineProjects)
        {
            string file = Path.Combine(AppContext.BaseDirectory, project.AssemblyName + ".dll");
            if (!File.Exists(file))
            {
                violations.Add($"{project.Path}: {project.AssemblyName}.dll is not in the test output; this project references engine/*/*.csproj");
                continue;
            }

            foreach (AssemblyName reference in Assembly.LoadFrom(file).GetReferencedAssemblies())
            {
                string name = reference.Name ?? string.Empty;
                if (IsForbidden(name))
                {
                    violations.Add($"{project.Path} ({project.AssemblyName}.dll) references assembly {name}");
                }
                else if (project.Kind == ProjectKind.Messages && name.StartsWith("FastMesos.", StringComparison.Ordinal))
                {
                    violations.Add($"{project.Path} ({project.AssemblyName}.dll) references assembly {name}; Messages depends on nothing");
                }
            }
        }

        Assert.True(violations.Count == 0, "Engine purity violations:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData("System.Net.Sockets", true)]
    [InlineData("System.Net", true)]
    [InlineData("System.IO.Pipelines", true)]
    [InlineData("MessagePack", true)]
    [InlineData("MessagePack.Annotations", true)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", true)]
    [InlineData("System.Runtime", false)]
    [InlineData("System.Collections", false)]
    [InlineData("System.Numerics.Vectors", false)]
    [InlineData("System.NetworkingLookalike", false)]
    public void Forbidden_assembly_names_are_recognised(string assemblyName, bool forbidden)
    {
        Assert.Equal(forbidden, IsForbidden(assemblyName));
    }
}
