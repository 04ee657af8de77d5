using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Tests;

public sealed class AppGroupTests
{
    private static AppDefinition App(string id, int instances = 1, params string[] deps)
    {
        var d = new List<PathId>();
        foreach (string s in deps)
            d.Add(PathId.Resolve(s));
        return new AppDefinition { Id = PathId.Resolve(id), Cmd = "sleep 1", Instances = instances, Dependencies = d };
    }

    [Fact]
    public void Put_find_and_remove_apps_creating_intermediate_groups()
    {
        RootGroup root = RootGroup.Empty.PutApp(App("/prod/db/pg")).PutApp(App("/prod/web"));
        Assert.NotNull(root.FindGroup(PathId.Resolve("/prod/db")));
        Assert.Equal(App("/prod/db/pg"), root.App(PathId.Resolve("/prod/db/pg")));
        Assert.Null(root.App(PathId.Resolve("/prod/db")));
        Assert.Equal(2, root.TransitiveApps().Count);

        RootGroup replaced = root.PutApp(App("/prod/web", 4));
        Assert.Equal(4, replaced.App(PathId.Resolve("/prod/web"))!.Instances);
        Assert.Equal(2, replaced.TransitiveApps().Count);
        // An immutable tree lists its apps once; a changed tree lists its own.
        Assert.Same(replaced.TransitiveApps(), replaced.TransitiveApps());
        Assert.Equal(App("/prod/web"), root.TransitiveApps().Single(a => a.Id == PathId.Resolve("/prod/web")));

        RootGroup removed = replaced.RemoveApp(PathId.Resolve("/prod/db/pg"));
        Assert.Null(removed.App(PathId.Resolve("/prod/db/pg")));
        Assert.NotNull(removed.FindGroup(PathId.Resolve("/prod/db")));
        Assert.Single(removed.RemoveGroup(PathId.Resolve("/prod/db")).TransitiveApps());
        Assert.Same(removed.Group, removed.RemoveApp(PathId.Resolve("/nope/x")).Group);
    }

    [Fact]
    public void Replacing_a_subgroup_drops_what_it_does_not_list()
    {
        RootGroup root = RootGroup.Empty.PutApp(App("/g/a")).PutApp(App("/g/b"));
        Group g = Group.Empty(PathId.Resolve("/g")).PutApp(App("/g/a"));
        RootGroup after = root.PutGroup(g);
        Assert.Equal([App("/g/a")], after.TransitiveApps());
    }

    // §14 scenario 20.
    [Fact]
    public void Scale_by_rounds_up()
    {
        Group g = Group.Empty(PathId.Resolve("/g")).PutApp(App("/g/a", 3)).PutApp(App("/g/sub/b", 1));
        Group scaled = g.ScaleBy(1.5);
        Assert.Equal(5, scaled.App(PathId.Resolve("/g/a"))!.Instances);
        Assert.Equal(2, scaled.App(PathId.Resolve("/g/sub/b"))!.Instances);
    }

    // §14 scenario 19.
    [Fact]
    public void Cyclic_dependencies_are_rejected()
    {
        RootGroup root = RootGroup.Empty.PutApp(App("/x", 1, "/y")).PutApp(App("/y", 1, "/x"));
        Assert.True(root.HasCyclicDependencies());
        Assert.Equal([GroupValidator.CyclicDependencies], GroupValidator.Validate(root).At("/"));

        RootGroup chain = RootGroup.Empty.PutApp(App("/x", 1, "/y")).PutApp(App("/y", 1, "/z")).PutApp(App("/z"));
        Assert.False(chain.HasCyclicDependencies());
        Assert.True(GroupValidator.Validate(chain).IsValid);
    }

    [Fact]
    public void Group_dependencies_expand_to_the_groups_apps()
    {
        RootGroup root = RootGroup.Empty.PutApp(App("/db/pg")).PutApp(App("/db/redis"))
            .PutGroup(Group.Empty(PathId.Resolve("/web")) with { Dependencies = [PathId.Resolve("/db")] })
            .PutApp(App("/web/site"));
        IReadOnlyList<AppDefinition> deps = root.DependenciesOf(root.App(PathId.Resolve("/web/site"))!);
        Assert.Equal(2, deps.Count);
        Assert.False(root.HasCyclicDependencies());
    }

    [Fact]
    public void Group_json_resolves_relative_ids_and_round_trips()
    {
        GroupReadResult r = GroupJsonReader.Read("""
            {"id":"/g","apps":[{"id":"db","cmd":"true"},{"id":"app","cmd":"true","dependencies":["db"]}],
             "groups":[{"id":"sub","apps":[{"id":"z","cmd":"true"}]}],"dependencies":["../other"]}
            """);
        Assert.True(r.IsOk);
        Group g = r.Group!;
        Assert.NotNull(g.App(PathId.Resolve("/g/db")));
        Assert.Equal([PathId.Resolve("/g/db")], g.App(PathId.Resolve("/g/app"))!.Dependencies);
        Assert.NotNull(g.App(PathId.Resolve("/g/sub/z")));
        Assert.Equal([PathId.Resolve("/other")], g.Dependencies);
        Assert.True(GroupValidator.Validate(r, RootGroup.Empty).IsValid);

        GroupReadResult again = GroupJsonReader.Read(GroupJsonWriter.Write(g));
        Assert.True(again.IsOk);
        Assert.Equal(g, again.Group);
    }

    [Fact]
    public void Nested_app_ids_must_be_children_of_the_posted_group()
    {
        GroupReadResult r = GroupJsonReader.Read("""{"id":"/group","apps":[{"id":"/app","cmd":"true"}]}""");
        ValidationResult v = GroupValidator.Validate(r, RootGroup.Empty);
        Assert.Equal(["identifier /app is not child of /group. Hint: use relative paths."], v.At("/apps(0)/id"));
    }

    [Fact]
    public void Nested_app_errors_carry_the_group_path()
    {
        GroupReadResult r = GroupJsonReader.Read("""{"id":"/g","groups":[{"id":"s","apps":[{"id":"a","cmd":"true","cpus":"x","mem":-1}]}]}""");
        Assert.Equal(["error.expected.jsnumber"], new ValidationResult(r.JsonErrors).At("/groups(0)/apps(0)/cpus"));
        ValidationResult v = GroupValidator.Validate(r, RootGroup.Empty);
        Assert.Equal(["must be greater than or equal to 0"], v.At("/groups(0)/apps(0)/mem"));

        GroupReadResult both = GroupJsonReader.Read("""{"id":"/g","apps":[{"id":"a","cmd":"true","args":["x"]}]}""");
        Assert.Equal([AppValidator.CmdArgsOrContainer], GroupValidator.Validate(both, RootGroup.Empty).At("/apps(0)"));
    }

    [Fact]
    public void An_app_and_a_group_may_not_share_a_path()
    {
        Group g = Group.Empty(PathId.Root).PutApp(App("/a")).PutApp(App("/a/b"));
        Assert.True(g.HasAppGroupClash());
        Assert.Equal([GroupValidator.AppGroupClash], GroupValidator.Validate(new RootGroup(g)).At("/"));
    }

    [Fact]
    public void Special_put_bodies()
    {
        Assert.Equal(1.5, GroupJsonReader.Read("""{"scaleBy":1.5}""", PathId.Resolve("/g")).ScaleBy);
        GroupReadResult v = GroupJsonReader.Read("""{"version":"2015-09-25T15:13:48.343Z","scaleBy":2}""");
        Assert.NotNull(v.RollbackVersion);
        Assert.Null(v.ScaleBy);
        Assert.True(GroupJsonReader.Read("{").IsMalformed);
    }
}
