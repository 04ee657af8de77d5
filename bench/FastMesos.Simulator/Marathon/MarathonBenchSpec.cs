namespace FastMesos.Simulator.Marathon;

/// <summary>What <c>fastmesos sim marathon</c> runs (issue 6 "Benchmarks").</summary>
public sealed record MarathonBenchSpec
{
    /// <summary>
    /// <c>deploy</c>: N apps of M instances created at once; <c>scale</c>: one app scaled from 1 to M;
    /// <c>health</c>: M instances health-checked every second (<see cref="HealthBenchRunner"/>), with
    /// the deploy benchmark of N apps × <see cref="DeployInstances"/> beside them.
    /// </summary>
    public required string Scenario { get; init; }

    public int Apps { get; init; } = 4;

    public int Instances { get; init; } = 500;

    public int Agents { get; init; } = 1000;

    /// <summary>Marathon's <c>--max_instances_per_offer</c> (its default is 5).</summary>
    public int MaxInstancesPerOffer { get; init; } = 100;

    /// <summary>
    /// Marathon's <c>--launch_tokens</c> (launches in flight per refresh interval, one returned per
    /// TASK_RUNNING). Null: every instance of the run, so the throttle does not bound the figure.
    /// </summary>
    public int? LaunchTokens { get; init; }

    /// <summary>Marathon's <c>--min_revive_offers_interval</c> in milliseconds; null keeps Marathon's default.</summary>
    public int? MinReviveOffersIntervalMs { get; init; }

    /// <summary>The thread pool's minimum worker threads for the run (0: the runtime's default, one per core).</summary>
    public int MinWorkerThreads { get; init; }

    /// <summary>Instances of a warm-up app deployed and deleted before the measurement (0: none).</summary>
    public int WarmupInstances { get; init; } = 2000;

    /// <summary>Concurrent HTTP requests while creating apps.</summary>
    public int HttpConcurrency { get; init; } = 8;

    /// <summary>How long the measured phase may take before the run counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Marathon's log (<c>--log</c>: to stderr with elapsed milliseconds); null keeps it quiet.</summary>
    public Action<string>? Log { get; init; }

    /// <summary><c>health</c>: seconds of each steady window (with checks, without).</summary>
    public int Seconds { get; init; } = 20;

    /// <summary><c>health</c>: instances per app of the deploy benchmark run beside the checked app.</summary>
    public int DeployInstances { get; init; } = 500;

    /// <summary><c>health</c>: serve the probes from this process instead of a child (tests; the child keeps its CPU out of the measurement).</summary>
    public bool TargetInProcess { get; init; }

    public int TotalInstances => Scenario == "scale" ? Instances : Apps * Instances;
}
