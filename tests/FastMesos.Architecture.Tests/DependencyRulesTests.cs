namespace FastMesos.Architecture.Tests;

/// <summary>
/// The checker itself, on hand-made graphs: a well-layered one passes and every kind of bad edge
/// is reported with both ends named, so the repository test cannot pass by checking nothing.
/// </summary>
public sealed class DependencyRulesTests
{
    private const string Messages = "engine/FastMesos.Messages/FastMesos.Messages.csproj";
    private const string Engine = "engine/FastMesos.Engine/FastMesos.Engine.csproj";
    private const string Apps = "engine/FastMesos.Apps/FastMesos.Apps.csproj";
    private const string Transport = "transport/FastMesos.Transport/FastMesos.Transport.csproj";
    private const string Coordination = "transport/FastMesos.Coordination/FastMesos.Coordination.csproj";
    private const string Hosting = "daemons/FastMesos.Hosting/FastMesos.Hosting.csproj";
    private const string Master = "daemons/FastMesos.Master/FastMesos.Master.csproj";
    private const string Agent = "daemons/FastMesos.Agent/FastMesos.Agent.csproj";
    private const string MasterExe = "daemons/fastmesos-master/fastmesos-master.csproj";
    private const string Cli = "daemons/fastmesos/fastmesos.csproj";
    private const string Simulator = "bench/FastMesos.Simulator/FastMesos.Simulator.csproj";
    private const string EngineTests = "tests/FastMesos.Engine.Tests/FastMesos.Engine.Tests.csproj";
    private const string BannedApi = "Microsoft.CodeAnalysis.BannedApiAnalyzers";

    /// <summary>The layering DESIGN.md §2 draws, plus the edges the rules explicitly allow.</summary>
    private static List<ProjectDescription> WellLayered() =>
    [
        Project(Messages, packages: [BannedApi]),
        Project(Engine, [Messages], [BannedApi]),
        Project(Apps, [Messages, Engine], [BannedApi]),
        Project(Transport, [Messages], ["MessagePack"]),
        Project(Coordination, [Messages, Transport]),
        Project(Hosting, [Messages, Transport], ["Microsoft.Extensions.Hosting"]),
        Project(Master, [Engine, Transport, Hosting]),
        Project(Agent, [Transport, Hosting]),
        Project(MasterExe, [Master, Hosting]),
        Project(Cli, [Master, Agent, Hosting, Transport]),
        Project(Simulator, [Engine, Apps, Transport, Master]),
        Project(EngineTests, [Engine, Simulator, Agent], ["xunit"]),
    ];

    private static ProjectDescription Project(string path, string[]? references = null, string[]? packages = null) =>
        new(path, references ?? [], packages ?? []);

    /// <summary>The well-layered graph with one project's references or packages replaced.</summary>
    private static List<ProjectDescription> WellLayeredWith(ProjectDescription replacement) =>
        WellLayered().Select(p => p.Path == replacement.Path ? replacement : p).ToList();

    [Fact]
    public void A_well_layered_graph_has_no_violations()
    {
        Assert.Empty(DependencyRules.Check(WellLayered()));
    }

    [Theory]
    [InlineData(Messages, Engine, "Messages references no project")]
    [InlineData(Engine, Transport, "the engine references only Messages")]
    [InlineData(Engine, Hosting, "the engine references only Messages")]
    [InlineData(Transport, Engine, "never the engine")]
    [InlineData(Coordination, Apps, "never the engine")]
    [InlineData(Hosting, Engine, "hosting never references the engine")]
    [InlineData(Master, Agent, "every arrow points down")]
    [InlineData(Hosting, Master, "every arrow points down")]
    [InlineData(Master, MasterExe, "no project references a daemon executable")]
    [InlineData(Cli, MasterExe, "no project references a daemon executable")]
    [InlineData(Engine, EngineTests, "never reference tests/ or bench/")]
    [InlineData(Master, Simulator, "never reference tests/ or bench/")]
    [InlineData(Engine, "tools/Thing/Thing.csproj", "not a project under")]
    public void A_bad_edge_is_reported_with_both_ends(string from, string to, string reason)
    {
        ProjectDescription original = WellLayered().Single(p => p.Path == from);
        List<ProjectDescription> graph = WellLayeredWith(original with { ProjectReferences = [.. original.ProjectReferences, to] });

        List<string> violations = DependencyRules.Check(graph);

        string violation = Assert.Single(violations);
        Assert.StartsWith($"{from} references {to}: ", violation, StringComparison.Ordinal);
        Assert.Contains(reason, violation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_down_arrow_rule_catches_what_no_specific_rule_names()
    {
        // No specific rule speaks about hosting -> hosting; the last check still refuses a sideways
        // arrow outside engine/ and transport/.
        string? reason = DependencyRules.EdgeViolation(Project(Hosting), Project(Hosting));

        Assert.NotNull(reason);
        Assert.Contains("every arrow points down", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Messages, "MessagePack", "Messages depends on nothing")]
    [InlineData(Engine, "Microsoft.Extensions.ObjectPool", "the engine is pure")]
    [InlineData(Apps, "System.IO.Pipelines", "the engine is pure")]
    public void A_forbidden_package_is_reported(string project, string package, string reason)
    {
        ProjectDescription original = WellLayered().Single(p => p.Path == project);
        List<ProjectDescription> graph = WellLayeredWith(original with { PackageReferences = [.. original.PackageReferences, package] });

        string violation = Assert.Single(DependencyRules.Check(graph));

        Assert.StartsWith($"{project} references package {package}: ", violation, StringComparison.Ordinal);
        Assert.Contains(reason, violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Messages)]
    [InlineData(Engine)]
    public void Analyzer_packages_are_allowed_everywhere(string project)
    {
        Assert.Null(DependencyRules.PackageViolation(Project(project), "Roslynator.Analyzers"));
        Assert.Null(DependencyRules.PackageViolation(Project(project), BannedApi));
    }

    [Theory]
    [InlineData(Messages, ProjectKind.Messages)]
    [InlineData(Engine, ProjectKind.Engine)]
    [InlineData("engine/FastMesos.Anything/FastMesos.Anything.csproj", ProjectKind.Engine)]
    [InlineData(Transport, ProjectKind.Transport)]
    [InlineData(Coordination, ProjectKind.Transport)]
    [InlineData(Hosting, ProjectKind.Hosting)]
    [InlineData(Master, ProjectKind.DaemonLibrary)]
    [InlineData(MasterExe, ProjectKind.Daemon)]
    [InlineData(Cli, ProjectKind.Daemon)]
    [InlineData(Simulator, ProjectKind.Tooling)]
    [InlineData(EngineTests, ProjectKind.Tooling)]
    [InlineData("FastMesos.Root/FastMesos.Root.csproj", ProjectKind.Unknown)]
    [InlineData("Loose.csproj", ProjectKind.Unknown)]
    public void A_project_is_classified_by_folder_and_name(string path, ProjectKind kind)
    {
        Assert.Equal(kind, Layers.Classify(path));
    }
}
