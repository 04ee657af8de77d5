namespace FastMesos.Messages.Tests;

/// <summary>Role names as Mesos accepts them, and the role hierarchy.</summary>
public class RoleNameTests
{
    [Theory]
    // The unreserved role.
    [InlineData("*")]
    // A plain role.
    [InlineData("web")]
    // A hierarchical role.
    [InlineData("eng/frontend")]
    // Deeper hierarchy.
    [InlineData("a/b/c")]
    // Dots, dashes and underscores inside a segment are fine.
    [InlineData("a.b")]
    [InlineData("a-b")]
    [InlineData("a_b")]
    // Three dots is a name, not a path step.
    [InlineData("...")]
    public void Valid(string role) => Assert.Null(RoleName.Validate(role));

    [Theory]
    // Empty.
    [InlineData("", "empty")]
    // Leading slash.
    [InlineData("/a", "'/'")]
    // Trailing slash.
    [InlineData("a/", "'/'")]
    // Empty segment in the middle.
    [InlineData("a//b", "empty path segment")]
    // Path steps are not roles.
    [InlineData(".", "'.'")]
    [InlineData("..", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("a/./b", "'.'")]
    // A segment must not look like a flag.
    [InlineData("-a", "'-'")]
    [InlineData("a/-b", "'-'")]
    // Whitespace of any kind.
    [InlineData("a b", "' '")]
    [InlineData("a\tb", "invalid character")]
    // '*' only stands alone.
    [InlineData("a*", "'*'")]
    [InlineData("**", "'*'")]
    // Backslash.
    [InlineData("a\\b", "'\\'")]
    // Characters of the resource text form.
    [InlineData("a(b", "'('")]
    [InlineData("a:b", "':'")]
    [InlineData("a,b", "','")]
    public void Invalid(string role, string reasonMentions)
    {
        string? reason = RoleName.Validate(role);
        Assert.NotNull(reason);
        Assert.Contains(reasonMentions, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_invalid() => Assert.NotNull(RoleName.Validate(null));

    [Theory]
    // A role is its own.
    [InlineData("a", "a", true)]
    // Child.
    [InlineData("a/b", "a", true)]
    // Grandchild.
    [InlineData("a/b/c", "a", true)]
    // A parent is not a descendant.
    [InlineData("a", "a/b", false)]
    // A shared prefix is not a path.
    [InlineData("ab", "a", false)]
    [InlineData("a/bc", "a/b", false)]
    // Siblings.
    [InlineData("a/c", "a/b", false)]
    public void IsSameOrDescendant(string role, string ancestor, bool expected) =>
        Assert.Equal(expected, RoleName.IsSameOrDescendant(role, ancestor));
}
