using FastMesos.Hosting.Flags;
using FastMesos.Messages;

namespace FastMesos.Hosting.Tests.Flags;

public class FlagSetTests
{
    private static readonly Func<string, string?> NoEnvironment = static _ => null;

    private sealed class MasterFlags
    {
        public readonly FlagSet Set = new("fastmesos-master");
        public readonly Flag<int> Port;
        public readonly Flag<string> Ip;
        public readonly Flag<bool> Authenticate;
        public readonly Flag<double> Weight;
        public readonly Flag<TimeSpan> Interval;
        public readonly Flag<long> CacheSize;
        public readonly Flag<string> WorkDir;
        public readonly Flag<string> Zk;
        public readonly Flag<Resources> Resources;

        public MasterFlags()
        {
            Port = Set.AddInt("port", "Port to listen on.", 5050);
            Ip = Set.AddString("ip", "IP address to listen on.", "0.0.0.0");
            Authenticate = Set.AddBool("authenticate", "Require authentication.", false);
            Weight = Set.AddDouble("weight", "Role weight.", 1.0);
            Interval = Set.AddDuration("allocation_interval", "Time between allocations.", TimeSpan.FromSeconds(1));
            CacheSize = Set.AddBytes("fetcher_cache_size", "Fetcher cache size.", 2 * MesosBytes.Gigabyte);
            WorkDir = Set.AddRequired("work_dir", "Where state lives.", FlagType.String);
            Zk = Set.AddOptional("zk", "ZooKeeper URL.", FlagType.String);
            Resources = Set.AddOptional("resources", "Total consumable resources.", FlagType.Custom<Resources>(FastMesos.Messages.Resources.TryParse, r => r.ToString()));
        }

        public FlagParseResult Parse(params string[] args) => Set.Parse(args, NoEnvironment);
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_given()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("--work_dir=/tmp/w");
        Assert.True(r.Success, r.Error);
        Assert.False(r.HelpRequested);
        Assert.Equal(5050, r.Get(f.Port));
        Assert.Equal("0.0.0.0", f.Ip.Value);
        Assert.False(f.Authenticate.Value);
        Assert.Equal(TimeSpan.FromSeconds(1), f.Interval.Value);
        Assert.Equal(2L << 30, f.CacheSize.Value);
        Assert.Equal(FlagSource.Default, f.Port.Source);
        Assert.False(f.Port.IsSet);
        Assert.False(f.Zk.HasValue);
        Assert.Null(f.Zk.Value);
        Assert.Equal("zk://fallback", f.Zk.GetValueOrDefault("zk://fallback"));
        Assert.Equal(FlagSource.CommandLine, f.WorkDir.Source);
    }

    [Fact]
    public void Every_syntax_loads_typed_values()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse(
            "--port=6060", "--ip", "127.0.0.1", "--authenticate", "--weight=2.5",
            "--allocation-interval=100ms", "--fetcher_cache_size", "32MB", "--work_dir=/w",
            "--zk=zk://a:2181,b:2181/mesos", "--resources=cpus:2;mem:1024;ports:[31000-32000]");
        Assert.True(r.Success, r.Error);
        Assert.Equal(6060, f.Port.Value);
        Assert.Equal("127.0.0.1", f.Ip.Value);
        Assert.True(f.Authenticate.Value);
        Assert.Equal(2.5, f.Weight.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(100), f.Interval.Value);
        Assert.Equal(32L << 20, f.CacheSize.Value);
        Assert.Equal("zk://a:2181,b:2181/mesos", f.Zk.Value);
        Assert.True(f.Zk.IsSet);
        Assert.Equal(Resources.Parse("cpus:2;mem:1024;ports:[31000-32000]").ToString(), f.Resources.Value.ToString());
        Assert.Empty(r.Positional);
    }

    [Theory]
    [InlineData("--authenticate=true", true)]
    [InlineData("--authenticate=false", false)]
    [InlineData("--authenticate=1", true)]
    [InlineData("--authenticate=0", false)]
    [InlineData("--no-authenticate", false)]
    [InlineData("--authenticate", true)]
    public void Boolean_forms(string arg, bool expected)
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse(arg, "--work_dir=/w");
        Assert.True(r.Success, r.Error);
        Assert.Equal(expected, f.Authenticate.Value);
    }

    [Fact]
    public void A_bare_boolean_does_not_swallow_the_next_argument()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("--authenticate", "extra", "--work_dir=/w");
        Assert.True(r.Success, r.Error);
        Assert.True(f.Authenticate.Value);
        Assert.Equal(["extra"], r.Positional);
    }

    [Fact]
    public void Positional_arguments_and_double_dash_are_kept()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("run", "--work_dir=/w", "--", "--port=1", "x");
        Assert.True(r.Success, r.Error);
        Assert.Equal(["run", "--port=1", "x"], r.Positional);
        Assert.Equal(5050, f.Port.Value);
    }

    [Fact]
    public void Negative_numbers_are_values_not_flags()
    {
        var f = new MasterFlags();
        Assert.True(f.Parse("--port", "-1", "--work_dir=/w").Success);
        Assert.Equal(-1, f.Port.Value);
    }

    [Theory]
    [InlineData("Failed to load unknown flag 'xyz'", "--xyz=1")]
    [InlineData("Failed to load unknown flag 'xyz'", "--xyz")]
    [InlineData("Failed to load unknown flag 'no-xyz'", "--no-xyz")]
    [InlineData("Failed to load flag 'port': Failed to load value 'abc': expected an integer", "--port=abc")]
    [InlineData("Failed to load flag 'port': Failed to load value '99999999999': expected an integer", "--port", "99999999999")]
    [InlineData("Failed to load flag 'weight': Failed to load value 'NaN': expected a number", "--weight=NaN")]
    [InlineData("Failed to load flag 'authenticate': Failed to load value 'yes': expected true or false", "--authenticate=yes")]
    [InlineData("Failed to load flag 'allocation_interval': Failed to load value '5s': Invalid duration '5s': unknown unit 's'", "--allocation_interval=5s")]
    [InlineData("Failed to load flag 'fetcher_cache_size': Failed to load value '1.5GB': Invalid bytes '1.5GB': fractional bytes are not allowed", "--fetcher_cache_size=1.5GB")]
    [InlineData("Failed to load flag 'resources': Failed to load value 'cpus:x': Invalid resource 'cpus:x'", "--resources=cpus:x")]
    [InlineData("Failed to load flag 'port': missing value (use --port=VALUE)", "--port")]
    [InlineData("Failed to load flag 'port': missing value (use --port=VALUE)", "--port", "--ip=1.2.3.4")]
    [InlineData("Failed to load non-boolean flag 'port' via 'no-port'", "--no-port")]
    [InlineData("Failed to load boolean flag 'authenticate' via 'no-authenticate' with value 'false'", "--no-authenticate=false")]
    [InlineData("Duplicate flag 'port' on command line", "--port=1", "--port=2")]
    [InlineData("Duplicate flag 'allocation_interval' on command line", "--allocation_interval=1secs", "--allocation-interval=2secs")]
    [InlineData("Duplicate flag 'authenticate' on command line", "--authenticate", "--no-authenticate")]
    [InlineData("Failed to load flag 'help': Failed to load value 'maybe': expected true or false", "--help=maybe")]
    public void User_errors_come_back_as_messages(string expected, params string[] args)
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse([.. args, "--work_dir=/w"]);
        Assert.False(r.Success);
        Assert.StartsWith(expected, r.Error);
        Assert.Throws<InvalidOperationException>(() => r.Get(f.Port));
    }

    [Fact]
    public void The_first_error_is_reported()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("--nope", "--port=abc", "--work_dir=/w");
        Assert.Equal("Failed to load unknown flag 'nope'", r.Error);
    }

    [Fact]
    public void A_missing_required_flag_is_an_error()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("--port=1");
        Assert.Equal("Flag 'work_dir' is required, but it was not provided", r.Error);
    }

    [Fact]
    public void Help_wins_over_errors()
    {
        var f = new MasterFlags();
        FlagParseResult r = f.Parse("--bogus", "--help");
        Assert.True(r.HelpRequested);
        Assert.NotNull(r.Error);
        Assert.True(f.Parse("--help").HelpRequested);
        Assert.False(f.Parse("--help=false", "--work_dir=/w").HelpRequested);
    }

    [Fact]
    public void Environment_fills_flags_not_on_the_command_line()
    {
        var f = new MasterFlags();
        var env = new Dictionary<string, string>
        {
            ["MESOS_PORT"] = "7070",
            ["MESOS_WORK_DIR"] = "/from/env",
            ["MESOS_IP"] = "10.0.0.1",
            ["FASTMESOS_IP"] = "10.0.0.2", // the FastMesos name wins over the Mesos one
            ["MESOS_AUTHENTICATE"] = "",  // empty boolean = true
            ["MESOS_ALLOCATION_INTERVAL"] = "2secs",
        };
        FlagParseResult r = f.Set.Parse(["--allocation_interval=3secs"], env.GetValueOrDefault);
        Assert.True(r.Success, r.Error);
        Assert.Equal(7070, f.Port.Value);
        Assert.Equal(FlagSource.Environment, f.Port.Source);
        Assert.Equal("/from/env", f.WorkDir.Value);
        Assert.Equal("10.0.0.2", f.Ip.Value);
        Assert.True(f.Authenticate.Value);
        Assert.Equal(TimeSpan.FromSeconds(3), f.Interval.Value); // command line wins
        Assert.Equal(FlagSource.CommandLine, f.Interval.Source);
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        var f = new MasterFlags();
        var env = new Dictionary<string, string> { ["MESOS_PORT"] = "http" };
        FlagParseResult r = f.Set.Parse(["--work_dir=/w"], env.GetValueOrDefault);
        Assert.Equal("Failed to load flag 'port' from environment variable 'MESOS_PORT': Failed to load value 'http': expected an integer", r.Error);
    }

    [Fact]
    public void Reads_the_process_environment_by_default()
    {
        var set = new FlagSet("t");
        Flag<string> flag = set.AddString("hosting_tests_probe_7f3a", "probe", "d");
        string variable = "FASTMESOS_HOSTING_TESTS_PROBE_7F3A";
        Environment.SetEnvironmentVariable(variable, "from-process");
        try
        {
            Assert.True(set.Parse([]).Success);
            Assert.Equal("from-process", flag.Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Parsing_again_starts_from_the_defaults()
    {
        var f = new MasterFlags();
        Assert.True(f.Parse("--port=1", "--zk=zk://x/y", "--work_dir=/w").Success);
        Assert.True(f.Parse("--work_dir=/w").Success);
        Assert.Equal(5050, f.Port.Value);
        Assert.False(f.Zk.HasValue);
    }

    [Fact]
    public void Throwing_parsers_are_adapted()
    {
        var set = new FlagSet("t");
        Flag<Resources> res = set.Add("resources", "r", FlagType.FromParse(Resources.Parse, r => r.ToString()), Resources.Parse("cpus:1"));
        FlagParseResult bad = set.Parse(["--resources=cpus:-1"], NoEnvironment);
        Assert.StartsWith("Failed to load flag 'resources': Failed to load value 'cpus:-1': Invalid resource 'cpus:-1'", bad.Error);
        Assert.True(set.Parse(["--resources=cpus:3"], NoEnvironment).Success);
        Assert.Equal("cpus:3", res.FormattedValue);
    }

    [Fact]
    public void Values_lists_every_flag_with_a_value()
    {
        var f = new MasterFlags();
        Assert.True(f.Parse("--work_dir=/w", "--allocation_interval=90secs").Success);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["allocation_interval"] = "1.5mins",
                ["authenticate"] = "false",
                ["fetcher_cache_size"] = "2GB",
                ["ip"] = "0.0.0.0",
                ["port"] = "5050",
                ["weight"] = "1",
                ["work_dir"] = "/w",
            },
            f.Set.Values);
        Assert.Equal(["allocation_interval", "authenticate", "fetcher_cache_size", "ip", "port", "resources", "weight", "work_dir", "zk"],
            f.Set.Flags.Select(x => x.Name));
    }

    [Theory]
    [InlineData("Port")]
    [InlineData("1port")]
    [InlineData("po-rt")]
    [InlineData("")]
    [InlineData("help")]
    [InlineData("no_port")]
    public void Bad_declarations_throw(string name)
    {
        var set = new FlagSet("t");
        Assert.Throws<ArgumentException>(() => set.AddInt(name, "h", 1));
    }

    [Fact]
    public void Declaring_twice_throws()
    {
        var set = new FlagSet("t");
        set.AddInt("port", "h", 1);
        Assert.Throws<ArgumentException>(() => set.AddString("port", "h", "x"));
    }

    [Fact]
    public void Get_rejects_a_flag_of_another_set()
    {
        var a = new FlagSet("a");
        var b = new FlagSet("b");
        a.AddInt("port", "h", 1);
        Flag<int> other = b.AddInt("port", "h", 2);
        FlagParseResult r = a.Parse([], NoEnvironment);
        Assert.Throws<ArgumentException>(() => r.Get(other));
    }
}
