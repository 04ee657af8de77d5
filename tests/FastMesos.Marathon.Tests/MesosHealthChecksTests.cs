using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;
using MesosHealthCheckType = FastMesos.Messages.HealthCheckType;

namespace FastMesos.Marathon.Tests;

/// <summary>An app's Mesos-level health check as the TaskInfo health_check the agent runs (specs/marathon.md §4).</summary>
public sealed class MesosHealthChecksTests
{
    private static AppDefinition App(params HealthCheck[] checks) => new() { Id = PathId.Resolve("/web"), HealthChecks = checks };

    [Fact]
    public void Marathon_level_checks_stay_with_marathon()
    {
        Assert.Null(MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.Http }), [31000]));
        Assert.Equal(-1, MesosHealthChecks.IndexOf(App()));
    }

    [Fact]
    public void Network_checks_probe_the_host_port_at_port_index_or_the_fixed_port_with_the_timing_passed_through()
    {
        var check = new HealthCheck
        {
            Protocol = HealthCheckProtocol.MesosHttps, PortIndex = 1, Path = "/health",
            GracePeriodSeconds = 7, IntervalSeconds = 2, TimeoutSeconds = 3, MaxConsecutiveFailures = 0, DelaySeconds = 1,
        };
        Messages.HealthCheck mesos = MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.Http }, check), [31000, 31005])!;
        Assert.Equal(MesosHealthCheckType.Http, mesos.Type);
        Assert.Equal("https", mesos.Scheme);
        Assert.Equal("/health", mesos.Path);
        Assert.Equal(31005u, mesos.Port);
        Assert.Equal((7, 2, 3, 0u, 1), (mesos.GracePeriodSeconds, mesos.IntervalSeconds, mesos.TimeoutSeconds, mesos.ConsecutiveFailures, mesos.DelaySeconds));

        Messages.HealthCheck tcp = MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.MesosTcp, Port = 8080 }), [31000])!;
        Assert.Equal((MesosHealthCheckType.Tcp, 8080u, null), (tcp.Type, tcp.Port, tcp.Path));
        Messages.HealthCheck http = MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.MesosHttp }), [31000])!;
        Assert.Equal(("http", "/", 31000u), (http.Scheme, http.Path, http.Port));
        // No port at the index: no check rather than a probe of port 0.
        Assert.Null(MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.MesosTcp, PortIndex = 2 }), [31000]));
    }

    [Fact]
    public void Command_checks_carry_their_shell_command_and_need_no_port()
    {
        Messages.HealthCheck mesos = MesosHealthChecks.ForTask(App(new HealthCheck { Protocol = HealthCheckProtocol.Command, Command = "curl -f http://$HOST:$PORT0/" }), [])!;
        Assert.Equal(MesosHealthCheckType.Command, mesos.Type);
        Assert.Equal("curl -f http://$HOST:$PORT0/", mesos.Command!.Value);
        Assert.Equal(0u, mesos.Port);
    }
}
