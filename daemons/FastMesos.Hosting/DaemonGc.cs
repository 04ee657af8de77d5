using System.Runtime;

namespace FastMesos.Hosting;

/// <summary>
/// The garbage collector the master and Marathon run with: workstation, concurrent (the runtime's
/// default), a 64 MiB gen0 budget (<c>DOTNET_GCgen0size=0x4000000</c>), and arrays up to 4 MiB
/// allocated in the small-object heap (<c>System.GC.LOHThreshold</c>).
/// <para>
/// Why the budget: with concurrent collection the runtime caps gen0 at 6 MiB unless told otherwise.
/// Under a 1,000 × 1,000 Marathon deployment the master then collected ~280 times and paused 7.7 s
/// in all (3.5–4.1 s at 64 MiB); a launch flood over 10,000 agents paused it 290–320 ms (63 ms)
/// (perf-reports/2026-12-05-gc-gen0-budget.md). Concurrent collection stays: its gen2 collections
/// run beside the master instead of stopping a heap of a million tasks.
/// </para>
/// <para>
/// The runtime reads the budget from the environment only (runtimeconfig.json has no knob for it),
/// so the <c>./fastmesos</c> script sets it for <c>local</c>, <c>master</c> and <c>marathon</c>
/// unless the operator did, and <c>sim cluster</c> starts its master and Marathon processes with
/// <see cref="Environment"/>. Whoever runs the executables otherwise sets it the same way.
/// </para>
/// <para>
/// Why the threshold: arrays that double as a cluster grows (the allocator's per-agent columns,
/// the backing arrays of dictionaries and lists) went to the large-object heap from 85,000 bytes
/// up (10,600 longs), and its small budget then started full (gen2) collections while the heap was
/// merely growing: two in every failover of 10,000 agents / 100,000 tasks (half of its ~170 ms of
/// pauses), seven to nine in a 1,000 × 300 Marathon deployment. Below 4 MiB they now start in gen0
/// and are promoted like any other object (perf-reports/2026-12-06-loh-threshold.md). The runtime
/// caps the threshold at its 4 MiB region, less an object header; asking for more gives the same.
/// Unlike the gen0 budget the runtime also reads it from runtimeconfig.json, where
/// <c>daemons/Directory.Build.props</c> puts it for every daemon executable.
/// </para>
/// </summary>
public static class DaemonGc
{
    public const string Gen0SizeVariable = "DOTNET_GCgen0size";

    /// <summary>64 MiB, in the hexadecimal the runtime expects.</summary>
    public const string Gen0Size = "0x4000000";

    public const string ConcurrentVariable = "DOTNET_gcConcurrent";

    public const string LohThresholdVariable = "DOTNET_GCLOHThreshold";

    /// <summary>4 MiB, in hexadecimal; <c>daemons/Directory.Build.props</c> has the same value in decimal.</summary>
    public const string LohThreshold = "0x400000";

    /// <summary>
    /// The variables a process started to run a daemon's part gets: the gen0 budget, concurrent
    /// collection and the large-object threshold (which a host configured without them, such as
    /// the simulator, would not give).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new(Gen0SizeVariable, Gen0Size),
        new(ConcurrentVariable, "1"),
        new(LohThresholdVariable, LohThreshold),
    ];

    /// <summary>
    /// This process's collector in one word list, e.g.
    /// <c>workstation concurrent gen0size=0x4000000 lohthreshold=4194216</c>: the gen0 budget as the
    /// environment asked for it, the threshold in bytes as the runtime applies it.
    /// </summary>
    public static string Describe()
    {
        string gen0 = System.Environment.GetEnvironmentVariable(Gen0SizeVariable) is { Length: > 0 } v ? v : "default";
        object? threshold = GC.GetConfigurationVariables().GetValueOrDefault("LOHThreshold");
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")} "
            + $"{(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent")} gen0size={gen0} "
            + $"lohthreshold={threshold ?? "default"}";
    }
}
