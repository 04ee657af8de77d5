using FastMesos.Hosting.Flags;
using FastMesos.Master.Cli;
using FastMesos.Master.Ha;

namespace FastMesos.Master.Tests;

/// <summary>--zk, --quorum and --zk_session_timeout as Mesos takes them; without --zk nothing changes.</summary>
public sealed class MasterHaFlagsTests
{
    private static MasterConfiguration Build(params string[] args)
    {
        var flags = new FlagSet(MasterCommand.Name);
        var master = new MasterFlags(flags);
        return master.Build(flags.Parse(args), null);
    }

    [Fact]
    public void Zk_with_quorum_configures_the_election()
    {
        MasterConfiguration config = Build("--zk=zk://127.0.0.1:2181,127.0.0.2:2182/mesos", "--quorum=2", "--zk_session_timeout=5secs");
        MasterZooKeeperOptions zk = Assert.IsType<MasterZooKeeperOptions>(config.Server.ZooKeeper);
        Assert.Equal("zk://127.0.0.1:2181,127.0.0.2:2182/mesos", zk.Url);
        Assert.Equal(2, zk.Quorum);
        Assert.Equal(TimeSpan.FromSeconds(5), zk.SessionTimeout);
        Assert.Equal(("zk://127.0.0.1:2181,127.0.0.2:2182", "/mesos"), MasterElection.Split(zk.Url));
    }

    [Fact]
    public void Without_zk_the_master_leads_alone()
    {
        Assert.Null(Build().Server.ZooKeeper);
        Assert.Null(Build("--quorum=1").Server.ZooKeeper);
    }

    [Theory]
    [InlineData("quorum", "--zk=zk://127.0.0.1:2181/mesos")]
    [InlineData("quorum", "--zk=zk://127.0.0.1:2181/mesos", "--quorum=0")]
    [InlineData("zk", "--zk=zk://127.0.0.1:2181", "--quorum=1")]
    [InlineData("zk", "--zk=http://127.0.0.1:2181/mesos", "--quorum=1")]
    [InlineData("zk", "--zk=zk://127.0.0.1:99999/mesos", "--quorum=1")]
    public void Bad_ha_flags_name_the_flag(string flag, params string[] args)
    {
        FormatException e = Assert.Throws<FormatException>(() => Build(args));
        Assert.StartsWith($"Failed to load flag '{flag}'", e.Message);
    }

    [Fact]
    public void Credentials_in_the_url_stay_with_the_ensemble()
    {
        Assert.Equal(("zk://user:secret@h1:2181", "/a/b"), MasterElection.Split("zk://user:secret@h1:2181/a/b"));
    }
}
