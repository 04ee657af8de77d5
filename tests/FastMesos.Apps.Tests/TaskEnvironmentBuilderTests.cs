using FastMesos.Apps.Matching;

namespace FastMesos.Apps.Tests;

public sealed class TaskEnvironmentBuilderTests
{
    private static TaskEnvironment Task() => new()
    {
        AppId = "/web/api",
        Version = "2015-04-02T09:37:00.596Z",
        TaskId = "api.instance-1._app.1",
        Host = "agent-1",
        Cpus = 1,
        Mem = 128,
        Disk = 0,
    };

    [Fact]
    public void Ports_are_numbered_named_declared_and_listed()
    {
        TaskEnvironment t = Task() with
        {
            HostPorts = [31000, 31001],
            DeclaredPorts = [10000, 0],
            PortNames = ["http", null],
        };
        Dictionary<string, string> env = TaskEnvironmentBuilder.Build(t);
        Assert.Equal("31000", env["PORT0"]);
        Assert.Equal("31001", env["PORT1"]);
        Assert.Equal("31000", env["PORT"]);
        Assert.Equal("31000,31001", env["PORTS"]);
        Assert.Equal("31000", env["PORT_10000"]);
        Assert.Equal("31000", env["PORT_HTTP"]);
        Assert.False(env.ContainsKey("PORT_0"));
        Assert.Equal("agent-1", env["HOST"]);
    }

    [Fact]
    public void No_ports_no_port_variables()
    {
        Dictionary<string, string> env = TaskEnvironmentBuilder.Build(Task());
        Assert.False(env.ContainsKey("PORT"));
        Assert.False(env.ContainsKey("PORTS"));
    }

    [Fact]
    public void The_prefix_applies_to_port_variables_only()
    {
        Dictionary<string, string> env = TaskEnvironmentBuilder.Build(Task() with
        {
            HostPorts = [31000], PortNames = ["web"], EnvVarsPrefix = "MARATHON_",
        });
        Assert.Equal("31000", env["MARATHON_PORT0"]);
        Assert.Equal("31000", env["MARATHON_PORT"]);
        Assert.Equal("31000", env["MARATHON_PORTS"]);
        Assert.Equal("31000", env["MARATHON_PORT_WEB"]);
        Assert.False(env.ContainsKey("PORT0"));
        Assert.Equal("agent-1", env["HOST"]);
        Assert.Equal("/web/api", env["MARATHON_APP_ID"]);
    }

    [Fact]
    public void App_metadata_uses_java_number_text()
    {
        Dictionary<string, string> env = TaskEnvironmentBuilder.Build(Task() with
        {
            Cpus = 0.01, Gpus = 1, DockerImage = "nginx:1.9.3",
        });
        Assert.Equal("/web/api", env["MARATHON_APP_ID"]);
        Assert.Equal("2015-04-02T09:37:00.596Z", env["MARATHON_APP_VERSION"]);
        Assert.Equal("api.instance-1._app.1", env["MESOS_TASK_ID"]);
        Assert.Equal("nginx:1.9.3", env["MARATHON_APP_DOCKER_IMAGE"]);
        Assert.Equal("0.01", env["MARATHON_APP_RESOURCE_CPUS"]);
        Assert.Equal("128.0", env["MARATHON_APP_RESOURCE_MEM"]);
        Assert.Equal("0.0", env["MARATHON_APP_RESOURCE_DISK"]);
        Assert.Equal("1", env["MARATHON_APP_RESOURCE_GPUS"]);
        Assert.Equal("", env["MARATHON_APP_LABELS"]);
        Assert.False(TaskEnvironmentBuilder.Build(Task()).ContainsKey("MARATHON_APP_DOCKER_IMAGE"));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(12345678.9, "1.23456789E7")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(0.00012, "1.2E-4")]
    public void Java_double_text(double value, string expected) =>
        Assert.Equal(expected, JavaNumberFormat.Double(value));

    [Fact]
    public void Labels_are_listed_sanitized_and_long_ones_dropped()
    {
        var labels = new List<KeyValuePair<string, string>>
        {
            new("HAPROXY_GROUP", "external"),
            new("my.label-x", "v"),
            new("long", new string('v', 512)),
            new(new string('k', 493), "v"),
            new("ok", new string('v', 511)),
        };
        Dictionary<string, string> env = TaskEnvironmentBuilder.Build(Task() with { Labels = labels });
        Assert.Equal("HAPROXY_GROUP MY_LABEL_X OK", env["MARATHON_APP_LABELS"]);
        Assert.Equal("external", env["MARATHON_APP_LABEL_HAPROXY_GROUP"]);
        Assert.Equal("v", env["MARATHON_APP_LABEL_MY_LABEL_X"]);
        Assert.False(env.ContainsKey("MARATHON_APP_LABEL_LONG"));
        Assert.Equal("A_B_C", TaskEnvironmentBuilder.SanitizeLabelName("a.-b c"));
    }
}
