using System.Diagnostics;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// Health checking at scale (issue 7 "Benchmarks"): N running instances of one app, first without
/// and then with a Marathon-level HTTP check every second, against real HTTP endpoints on loopback
/// (<see cref="HealthTarget"/>). Agent <c>i</c> is named <c>127.0.0.(1 + i mod 250)</c> — Marathon
/// probes the agent's host — and offers only the target's ports, so every task's host port is served.
/// Each state gets a steady window of process CPU (the checker's share is the difference) and then
/// the deploy benchmark beside it (does deploy throughput drop while the checker runs?).
/// </summary>
public static class HealthBenchRunner
{
    private const string CheckedApp = "/bench/checked";
    private const string HealthCheck =
        ""","healthChecks":[{"protocol":"HTTP","path":"/health","portIndex":0,"intervalSeconds":1,"timeoutSeconds":2,"gracePeriodSeconds":5,"maxConsecutiveFailures":3}]""";

    public static async Task<HealthBenchResult> RunAsync(MarathonBenchSpec spec, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        progress ??= static _ => { };
        int n = spec.Instances, deployTotal = spec.Apps * spec.DeployInstances;
        // Enough ports for the checked app and the deploy benchmark beside it, with slack for an uneven spread.
        int ports = (Math.Max(n + deployTotal, spec.WarmupInstances) + spec.Agents - 1) / spec.Agents + 4;
        using HealthTarget target = await HealthTarget.StartAsync(spec.TargetInProcess, ports).ConfigureAwait(false);
        Resources resources = Resources.Parse("cpus:64;mem:262144;disk:262144;" + target.PortsResource());
        await using MarathonBenchCluster cluster = await MarathonBenchCluster.StartAsync(
            spec, i => new LaunchingAgent($"127.0.0.{1 + (i % 250)}", resources), progress).ConfigureAwait(false);
        await cluster.WarmUpAsync(spec.WarmupInstances, spec.Timeout, progress).ConfigureAwait(false);
        var deploySpec = spec with { Scenario = "deploy", Instances = spec.DeployInstances };
        var window = TimeSpan.FromSeconds(spec.Seconds);

        progress($"setup: {n} instances without health checks");
        await cluster.PostAppAsync(MarathonBenchCluster.AppBody(CheckedApp, n)).ConfigureAwait(false);
        await MarathonBenchCluster.UntilAsync(() => cluster.DoneAsync(n), spec.Timeout, "the app without checks").ConfigureAwait(false);
        await MarathonBenchCluster.JitQuietAsync().ConfigureAwait(false);
        progress($"measuring: {spec.Seconds} s idle, no checks");
        (PhaseCost without, _, _) = await SteadyWindowAsync(cluster.Runtime, window).ConfigureAwait(false);
        progress($"measuring: deploy {spec.Apps} × {spec.DeployInstances} beside {n} unchecked instances");
        MarathonBenchResult deployWithout = await MarathonBenchRunner.MeasureAsync(cluster, deploySpec, n).ConfigureAwait(false);
        await DeleteDeployedAsync(cluster, spec, n).ConfigureAwait(false);

        progress($"setup: the same {n} instances with an HTTP check every second");
        await cluster.DeleteAsync("v2/apps" + CheckedApp).ConfigureAwait(false);
        await MarathonBenchCluster.UntilAsync(() => cluster.Runtime.QueryAsync(static r => r.Deployments.Count == 0 && r.Instances.Count == 0), spec.Timeout, "the unchecked app gone").ConfigureAwait(false);
        await cluster.PostAppAsync(MarathonBenchCluster.AppBody(CheckedApp, n, HealthCheck)).ConfigureAwait(false);
        // The deployment completes once every instance passed a probe.
        await MarathonBenchCluster.UntilAsync(() => cluster.DoneAsync(n), spec.Timeout, "the checked app healthy").ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);   // probes of the first wave spread out
        await MarathonBenchCluster.JitQuietAsync().ConfigureAwait(false);
        progress($"measuring: {spec.Seconds} s with checks");
        (PhaseCost with, long probes, long failures) = await SteadyWindowAsync(cluster.Runtime, window).ConfigureAwait(false);
        progress($"measuring: deploy {spec.Apps} × {spec.DeployInstances} beside {n} checked instances");
        MarathonBenchResult deployWith = await MarathonBenchRunner.MeasureAsync(cluster, deploySpec, n).ConfigureAwait(false);
        await DeleteDeployedAsync(cluster, spec, n).ConfigureAwait(false);

        int healthy = await cluster.Runtime.QueryAsync(static r =>
        {
            int count = 0;
            foreach (Instance instance in r.Instances)
            {
                if (instance.IsRunning && instance.Healthy == true)
                    count++;
            }
            return count;
        }).ConfigureAwait(false);
        return new HealthBenchResult
        {
            HealthCheckedTasks = n,
            Agents = spec.Agents,
            TargetPorts = ports,
            WindowSeconds = spec.Seconds,
            ProbesPerSec = Math.Round(probes / window.TotalSeconds, 1),
            Probes = probes,
            ProbeFailures = failures,
            TargetServed = target.Served,
            CpuSecondsWithChecks = Math.Round(with.CpuSeconds, 3),
            CpuSecondsWithout = Math.Round(without.CpuSeconds, 3),
            CheckerCoreFraction = Math.Round((with.CpuSeconds - without.CpuSeconds) / window.TotalSeconds, 4),
            AllocatedBytesPerProbe = probes == 0 ? 0 : Math.Round((double)(with.AllocatedBytes - without.AllocatedBytes) / probes, 1),
            Gc0WithChecks = with.Gc0,
            DeployApps = spec.Apps,
            DeployInstances = spec.DeployInstances,
            DeploySecondsWithChecks = deployWith.Seconds,
            DeploySecondsWithout = deployWithout.Seconds,
            Healthy = healthy,
            Ok = deployWith.Ok && deployWithout.Ok && healthy == n && failures == 0 && probes > 0
                && cluster.UnexpectedAtAgents() == 0,
        };
    }

    /// <summary>Process CPU over <paramref name="window"/> of doing nothing but the steady state, and the probes finished in it.</summary>
    private static async Task<(PhaseCost Cost, long Probes, long Failures)> SteadyWindowAsync(MarathonRuntime runtime, TimeSpan window)
    {
        PhaseMeter meter = PhaseMeter.Start();
        (long completed, long failed) = runtime.HealthProbes;
        long start = Stopwatch.GetTimestamp();
        await Task.Delay(window).ConfigureAwait(false);
        (long completedAfter, long failedAfter) = runtime.HealthProbes;
        PhaseCost cost = meter.Stop();
        double actual = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // Scale to the nominal window: Task.Delay overshoots by a few milliseconds.
        double scale = window.TotalSeconds / actual;
        return (cost with { CpuSeconds = cost.CpuSeconds * scale }, completedAfter - completed, failedAfter - failed);
    }

    /// <summary>Deletes the deploy benchmark's apps and waits until only the <paramref name="remaining"/> instances of the checked app are left.</summary>
    private static async Task DeleteDeployedAsync(MarathonBenchCluster cluster, MarathonBenchSpec spec, int remaining)
    {
        await Concurrently.ForEachAsync(spec.Apps, spec.HttpConcurrency, i => cluster.DeleteAsync($"v2/apps/bench/app-{i:D5}")).ConfigureAwait(false);
        await MarathonBenchCluster.UntilAsync(() => cluster.Runtime.QueryAsync(r => r.Deployments.Count == 0 && r.Instances.Count == remaining), spec.Timeout, "the deployed apps gone").ConfigureAwait(false);
    }
}
