namespace FastMesos.Coordination.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Errors_never_show_the_password()
    {
        FormatException error = Assert.Throws<FormatException>(() => ZooKeeperConnectionString.Parse("zk://user:secret@h1:0"));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_hosts_credentials_and_chroot()
    {
        var parsed = ZooKeeperConnectionString.Parse("zk://user:secret@h1:2181,h2:2182,h3/mesos/prod");
        Assert.Equal([("h1", 2181), ("h2", 2182), ("h3", 2181)], parsed.Hosts);
        Assert.Equal("/mesos/prod", parsed.Chroot);
        Assert.Equal("user", parsed.User);
        Assert.Equal("secret", parsed.Password);
        Assert.Equal("zk://user:***@h1:2181,h2:2182,h3:2181/mesos/prod", parsed.ToString());
    }

    [Theory]
    [InlineData("zk://h1:1", "")]
    [InlineData("zk://h1:1/", "")]
    [InlineData("zk://h1:1/a", "/a")]
    public void Root_chroot_is_none(string text, string chroot) => Assert.Equal(chroot, ZooKeeperConnectionString.Parse(text).Chroot);

    [Theory]
    [InlineData("h1:2181", "must start with zk://")]
    [InlineData("zk://", "a host is empty")]
    [InlineData("zk://h1:2181,,h2:1", "a host is empty")]
    [InlineData("zk://h1:0", "no valid port")]
    [InlineData("zk://h1:99999", "no valid port")]
    [InlineData("zk://h1:x", "no valid port")]
    [InlineData("zk://:2181", "no host name")]
    [InlineData("zk://user@h1:1", "user:password")]
    [InlineData("zk://h1:1/a/", "empty path segment")]
    [InlineData("zk://h1:1/a//b", "empty path segment")]
    public void Rejects_malformed_strings_with_the_reason(string text, string reason)
    {
        FormatException error = Assert.Throws<FormatException>(() => ZooKeeperConnectionString.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
