using FastMesos.Apps.Model;

namespace FastMesos.Apps.Tests;

public sealed class AppPathIdTests
{
    [Theory]
    [InlineData("/a/b", null, "/a/b")]
    [InlineData("app", "/g", "/g/app")]
    [InlineData("./x", "/g", "/g/x")]
    [InlineData("../x", "/g/h", "/g/x")]
    [InlineData("../../../x", "/g", "/x")]
    [InlineData("/", null, "/")]
    [InlineData("//a//b/", null, "/a/b")]
    public void Relative_ids_resolve_against_the_parent(string text, string? parent, string expected)
    {
        PathId id = PathId.Resolve(text, parent is null ? null : PathId.Resolve(parent));
        Assert.Equal(expected, id.ToString());
        Assert.Equal(id, PathId.Resolve(expected));
        Assert.Equal(id.GetHashCode(), PathId.Resolve(expected).GetHashCode());
    }

    [Theory]
    [InlineData("/simple")]
    [InlineData("/prod/db-1")]
    [InlineData("/a.b.c/x9")]
    [InlineData("/foo/restarts")]
    public void Valid_ids_have_no_errors(string text)
    {
        Assert.True(PathId.TryParse(text, null, out PathId id, out string? error), error);
        Assert.Equal(text, id.ToString());
    }

    // specs/marathon.md §14 scenario 5.
    [Theory]
    [InlineData("/My_App", PathId.SegmentMessage)]
    [InlineData("/-a", PathId.SegmentMessage)]
    [InlineData("/a-", PathId.SegmentMessage)]
    [InlineData("/a..b", PathId.SegmentMessage)]
    [InlineData("/foo/restart", PathId.ReservedMessage)]
    [InlineData("/foo/tasks", PathId.ReservedMessage)]
    [InlineData("/foo/versions", PathId.ReservedMessage)]
    [InlineData("/", PathId.EmptyMessage)]
    public void Invalid_ids_get_marathons_message(string text, string message)
    {
        Assert.False(PathId.TryParse(text, null, out _, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Dot_segments_of_absolute_ids_are_kept_and_reserved()
    {
        IReadOnlyList<string> errors = PathId.Resolve("/foo/..").Validate();
        Assert.Contains(PathId.ReservedMessage, errors);
    }

    [Fact]
    public void Parent_child_and_ancestry()
    {
        PathId id = PathId.Resolve("/a/b/c");
        Assert.Equal(PathId.Resolve("/a/b"), id.Parent);
        Assert.Equal("c", id.Name);
        Assert.True(id.IsChildOf(PathId.Resolve("/a")));
        Assert.True(id.IsChildOf(PathId.Root));
        Assert.False(id.IsChildOf(id));
        Assert.False(PathId.Resolve("/ab/c").IsChildOf(PathId.Resolve("/a")));
        Assert.Equal(PathId.Resolve("/a/b"), PathId.Resolve("/a").ChildTowards(id));
        Assert.Equal(PathId.Root, PathId.Root.Parent);
        Assert.Equal(id, PathId.Resolve("/a/b").Child("c"));
        Assert.True(PathId.Root.IsRoot);
    }
}
