using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting.Tests.Flags;

public class FlagUsageTests
{
    [Fact]
    public void Renders_stout_layout_sorted_with_defaults()
    {
        var set = new FlagSet("fastmesos-master");
        set.AddInt("port", "Port to listen on.", 5050);
        set.AddBool("authenticate", "If `true`, only authenticated frameworks\nare allowed to register.", false);
        set.AddDuration("allocation_interval", "Amount of time to wait between allocations.", TimeSpan.FromSeconds(1));
        set.AddRequired("work_dir", "Path of the work directory.", FlagType.String);
        set.AddOptional("zk", "ZooKeeper URL.", FlagType.String);

        string expected =
            "Usage: fastmesos-master [options]\n" +
            "\n" +
            "  --allocation_interval=VALUE     Amount of time to wait between allocations. (default: 1secs)\n" +
            "  --[no-]authenticate             If `true`, only authenticated frameworks\n" +
            "                                  are allowed to register. (default: false)\n" +
            "  --[no-]help                     Prints this help message\n" +
            "  --port=VALUE                    Port to listen on. (default: 5050)\n" +
            "  --work_dir=VALUE                Path of the work directory. (required)\n" +
            "  --zk=VALUE                      ZooKeeper URL.\n";
        Assert.Equal(expected, set.Usage());
    }

    [Fact]
    public void An_error_message_goes_first()
    {
        var set = new FlagSet("fastmesos-agent");
        set.AddInt("port", "Port.", 5051);
        FlagParseResult r = set.Parse(["--xyz"], static _ => null);
        string usage = set.Usage(r.Error);
        Assert.StartsWith("Failed to load unknown flag 'xyz'\n\nUsage: fastmesos-agent [options]\n\n", usage);
    }
}
