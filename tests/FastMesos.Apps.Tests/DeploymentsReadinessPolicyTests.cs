using FastMesos.Apps.Deployments;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Tests;

/// <summary>The rule that gates deployments (specs/marathon.md §5.2, §5.4): considered healthy AND ready.</summary>
public sealed class DeploymentsReadinessPolicyTests
{
    private const string Task1 = "web.instance-1._app.1";
    private const string Task2 = "web.instance-1._app.2";

    [Theory]
    [InlineData(true, null, false, true)]   // running, no health checks: counts
    [InlineData(true, null, true, false)]   // health checks, no result yet
    [InlineData(true, true, true, true)]
    [InlineData(true, false, true, false)]
    [InlineData(true, false, false, false)] // a failed Mesos-level result counts even without Marathon checks
    [InlineData(false, true, true, false)]  // not running
    [InlineData(false, null, false, false)]
    public void Considered_healthy_means_running_and_healthy_when_the_app_has_checks(bool running, bool? healthy, bool hasChecks, bool expected) =>
        Assert.Equal(expected, ReadinessPolicy.ConsideredHealthy(running, healthy, hasChecks));

    [Fact]
    public void An_instance_counts_only_when_healthy_and_ready_for_its_current_task()
    {
        var ready = new ReadinessCheckResult("readinessCheck", Task1, Ready: true, null);
        var notReady = ready with { Ready = false };

        // No readiness required (not launched by a deployment, or no readiness check): health decides.
        Assert.True(ReadinessPolicy.CountsTowardDeployment(true, readinessRequired: false, null, Task1));
        Assert.False(ReadinessPolicy.CountsTowardDeployment(false, readinessRequired: false, ready, Task1));
        // Required: not before the first answer, not while answering "not ready".
        Assert.False(ReadinessPolicy.CountsTowardDeployment(true, true, null, Task1));
        Assert.False(ReadinessPolicy.CountsTowardDeployment(true, true, notReady, Task1));
        Assert.True(ReadinessPolicy.CountsTowardDeployment(true, true, ready, Task1));
        // Ready but unhealthy does not count: both are needed.
        Assert.False(ReadinessPolicy.CountsTowardDeployment(false, true, ready, Task1));
        // A relaunched task (next incarnation) is not ready until it answers itself.
        Assert.False(ReadinessPolicy.CountsTowardDeployment(true, true, ready, Task2));
    }

    [Fact]
    public void Ready_statuses_are_the_checks_http_status_codes_for_ready()
    {
        var check = new ReadinessCheck();
        Assert.True(ReadinessPolicy.IsReady(check, 200));
        Assert.False(ReadinessPolicy.IsReady(check, 503));
        Assert.False(ReadinessPolicy.IsReady(check, 204));
        check = check with { HttpStatusCodesForReady = [200, 204] };
        Assert.True(ReadinessPolicy.IsReady(check, 204));
    }

    [Fact]
    public void The_probed_port_is_the_one_named_port_name()
    {
        var app = new AppDefinition
        {
            Id = PathId.Resolve("/web"),
            PortDefinitions = [new PortDefinition { Name = "admin" }, new PortDefinition { Name = "http-api" }],
        };
        Assert.Equal(1, ReadinessPolicy.PortIndexOf(app, new ReadinessCheck()));
        Assert.Equal(0, ReadinessPolicy.PortIndexOf(app, new ReadinessCheck { PortName = "admin" }));
        Assert.Null(ReadinessPolicy.PortIndexOf(app, new ReadinessCheck { PortName = "missing" }));
    }

    [Fact]
    public void A_restart_kills_an_old_instance_only_when_a_new_one_counts()
    {
        // N=2, (1, 0.5): maxCapacity 3, nothing killed up front, one new launched.
        var replacement = new TaskReplacement(2, 1.0, 0.5, resident: false,
            [new ReplacedInstance("old-1", true), new ReplacedInstance("old-2", true)]);
        ReplacementOrder order = replacement.Start();
        Assert.Empty(order.Kill);
        Assert.Equal(1, order.Launch);
        replacement.OnNewLaunched("new-1");
        // The runtime reports OnNewHealthy only once CountsTowardDeployment holds (healthy AND ready):
        // while the new instance is running but not ready, no old one is touched.
        Assert.False(ReadinessPolicy.CountsTowardDeployment(true, true, new ReadinessCheckResult("r", "new-1._app.1", false, null), "new-1._app.1"));
        Assert.Equal(2, replacement.OldActive);
        order = replacement.OnNewHealthy("new-1");
        Assert.Equal(["old-1"], order.Kill);
    }
}
