using System.Text;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Tests;

/// <summary>The stored root group in reference form: the tree's shape, apps by (id, version).</summary>
public sealed class RootGroupCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 11, 12, 345, TimeSpan.Zero);

    private static AppDefinition App(string id, DateTimeOffset version) =>
        new() { Id = PathId.Resolve(id), Cmd = "sleep 1", Version = version };

    [Fact]
    public void The_tree_round_trips_as_references_to_app_versions()
    {
        var root = new Group
        {
            Version = T0,
            Apps = [App("/top", T0.AddMinutes(-5))],
            Groups =
            [
                new Group
                {
                    Id = PathId.Resolve("/prod"),
                    Version = T0,
                    EnforceRole = true,
                    Dependencies = [PathId.Resolve("/db")],
                    Apps = [App("/prod/web", T0), App("/prod/api", T0.AddSeconds(-1))],
                    Groups = [new Group { Id = PathId.Resolve("/prod/empty") }],
                },
            ],
        };

        byte[] bytes = RootGroupCodec.Write(root);
        StoredGroup read = RootGroupCodec.Read(bytes)!;

        Assert.Equal(PathId.Root, read.Id);
        Assert.Equal(T0, read.Version);
        Assert.Equal([new StoredAppRef(PathId.Resolve("/top"), T0.AddMinutes(-5))], read.Apps);
        StoredGroup prod = Assert.Single(read.Groups);
        Assert.Equal(PathId.Resolve("/prod"), prod.Id);
        Assert.True(prod.EnforceRole);
        Assert.Equal([PathId.Resolve("/db")], prod.Dependencies);
        Assert.Equal([new StoredAppRef(PathId.Resolve("/prod/web"), T0), new StoredAppRef(PathId.Resolve("/prod/api"), T0.AddSeconds(-1))], prod.Apps);
        StoredGroup empty = Assert.Single(prod.Groups);
        Assert.Null(empty.Version);
        Assert.Empty(empty.Apps);
        // References only: no app definition is in the stored tree.
        Assert.DoesNotContain("sleep 1", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void A_whole_tree_of_format_1_reads_as_none_and_garbage_throws()
    {
        byte[] legacy = GroupJsonWriter.WriteUtf8(new Group { Apps = [App("/a", T0)] });
        Assert.Null(RootGroupCodec.Read(legacy));
        Assert.Throws<FormatException>(() => RootGroupCodec.Read("not json"u8.ToArray()));
        Assert.Throws<FormatException>(() => RootGroupCodec.Read("""{"format":3,"root":{}}"""u8.ToArray()));
        Assert.Throws<FormatException>(() => RootGroupCodec.Read("""{"format":2,"root":{"id":"/"}}"""u8.ToArray()));
        Assert.Throws<FormatException>(() => RootGroupCodec.Read("[]"u8.ToArray()));
    }

    [Fact]
    public void An_app_without_a_version_cannot_be_referenced()
    {
        Assert.Throws<InvalidOperationException>(() => RootGroupCodec.Write(new Group { Apps = [new AppDefinition { Id = PathId.Resolve("/a"), Cmd = "x" }] }));
    }
}
