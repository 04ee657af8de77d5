namespace FastMesos.Architecture.Tests;

/// <summary>The reader on a small repository written to a temporary folder.</summary>
public sealed class ProjectFileReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fastmesos-arch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string path, string text)
    {
        string file = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    [Fact]
    public void Reads_references_packages_and_assembly_names_and_skips_build_output()
    {
        Write("Directory.Build.props", "<Project />");
        Write("engine/Directory.Build.props", """
            <Project>
              <ItemGroup><PackageReference Include="Microsoft.CodeAnalysis.BannedApiAnalyzers" PrivateAssets="all" /></ItemGroup>
            </Project>
            """);
        Write("engine/FastMesos.Messages/FastMesos.Messages.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        Write("engine/FastMesos.Engine/FastMesos.Engine.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><AssemblyName>FastMesos.Core</AssemblyName></PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="..\FastMesos.Messages\FastMesos.Messages.csproj" />
                <PackageReference Include="MessagePack" />
                <PackageReference Update="Ignored.Package" />
              </ItemGroup>
            </Project>
            """);
        Write("engine/FastMesos.Engine/bin/Release/Copy.csproj", "<Project />");
        Write("tests/Arch.Tests/Arch.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="..\..\engine\*\*.csproj;../../transport/Missing/Missing.csproj" /></ItemGroup>
            </Project>
            """);

        List<ProjectDescription> projects = ProjectFileReader.ReadAll(_root);

        Assert.Equal(
            ["engine/FastMesos.Engine/FastMesos.Engine.csproj", "engine/FastMesos.Messages/FastMesos.Messages.csproj", "tests/Arch.Tests/Arch.Tests.csproj"],
            projects.Select(p => p.Path));

        ProjectDescription engine = projects[0];
        Assert.Equal("FastMesos.Core", engine.AssemblyName);
        Assert.Equal(["engine/FastMesos.Messages/FastMesos.Messages.csproj"], engine.ProjectReferences);
        Assert.Equal(["MessagePack", "Microsoft.CodeAnalysis.BannedApiAnalyzers"], engine.PackageReferences);
        Assert.Equal("FastMesos.Messages", projects[1].AssemblyName);

        Assert.Equal(
            ["engine/FastMesos.Engine/FastMesos.Engine.csproj", "engine/FastMesos.Messages/FastMesos.Messages.csproj", "transport/Missing/Missing.csproj"],
            projects[2].ProjectReferences);

        // The package read from the project file breaks the engine rule, the analyzer from the
        // folder's Directory.Build.props does not, and the missing project is reported.
        Assert.Equal(
            [
                "engine/FastMesos.Engine/FastMesos.Engine.csproj references package MessagePack: the engine is pure; a package it needs goes on DependencyRules.EnginePackageAllowList with a reason",
                "tests/Arch.Tests/Arch.Tests.csproj references transport/Missing/Missing.csproj: it is not a project under engine/, transport/, daemons/, bench/, tests/",
            ],
            DependencyRules.Check(projects));
    }
}
