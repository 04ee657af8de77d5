using System.Net;
using System.Net.Sockets;
using FastMesos.Agent.Runtime.Health;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// The per-task checker's schedule on a fake clock, against a real loopback listener: nothing before
/// <c>delaySeconds</c>, one probe per <c>intervalSeconds</c>, reports only on changes, and the loop
/// ends by itself after the kill verdict.
/// </summary>
public sealed class TaskHealthCheckerTests
{
    [Fact]
    public async Task Waits_the_delay_probes_each_interval_reports_changes_and_stops_after_the_kill()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        DateTimeOffset start = time.GetUtcNow();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var check = new HealthCheck
        {
            Type = HealthCheckType.Tcp, Port = (uint)((IPEndPoint)listener.LocalEndpoint).Port,
            DelaySeconds = 5, IntervalSeconds = 10, TimeoutSeconds = 1000, GracePeriodSeconds = 0, ConsecutiveFailures = 2,
        };
        var reports = new List<(HealthReport Report, DateTimeOffset At)>();
        using var probes = new HealthProbes(time, 4);
        var checker = new TaskHealthChecker(check, new HealthCheckTarget(new Dictionary<string, string>(), "/", []), probes, time,
            report => { lock (reports) reports.Add((report, time.GetUtcNow())); });
        checker.Start();

        // Drives the fake clock a second at a time until the n-th report arrives.
        async Task PumpUntil(int n) => await Eventually.Until(() =>
        {
            lock (reports)
            {
                if (reports.Count >= n)
                    return true;
            }
            time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, $"health report {n}");

        await PumpUntil(1);
        Assert.True(reports[0].Report.Healthy);
        Assert.True(reports[0].At >= start + TimeSpan.FromSeconds(5), "probed before delaySeconds");

        listener.Stop();
        await PumpUntil(2);
        Assert.False(reports[1].Report.Healthy);
        Assert.False(reports[1].Report.Kill);
        Assert.True(reports[1].At >= reports[0].At + TimeSpan.FromSeconds(10), "probed again before intervalSeconds");

        await PumpUntil(3);
        Assert.True(reports[2].Report.Kill);
        Assert.Equal(2, reports[2].Report.ConsecutiveFailures);
        await checker.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(100));
        lock (reports)
            Assert.Equal(3, reports.Count);
    }

    [Fact]
    public async Task Stop_ends_the_loop_while_it_waits()
    {
        var time = new FakeTimeProvider();
        using var probes = new HealthProbes(time, 1);
        var check = new HealthCheck { Type = HealthCheckType.Command, Command = new CommandInfo { Value = "true" }, DelaySeconds = 3600 };
        var checker = new TaskHealthChecker(check, new HealthCheckTarget(new Dictionary<string, string>(), "/", []), probes, time, _ => Assert.Fail("no report expected"));
        checker.Start();
        checker.Stop();
        await checker.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
