using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FastMesos.Hosting;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// Where a result line comes from, as specs/performance.md §8.1 and §8.3 ask every result to say:
/// the build's commit, the runtime, the machine (CPU model, cores, kernel), the descriptor limit,
/// the GC and tiering settings of the process that wrote it, and when. The machine's three fields
/// are what <see cref="RegressionGate"/> compares: figures are compared only across one machine.
/// </summary>
internal sealed record RunProvenance
{
    /// <summary>The JSON names it adds to a line; a result's own field of one of these names is kept.</summary>
    public const string CommitField = "commit", RuntimeField = "runtime", CpuField = "cpu", CoresField = "cores",
        KernelField = "kernel", FdLimitField = "fd_limit", GcField = "gc", TieredPgoField = "tiered_pgo", TimeField = "time";

    /// <summary>What a build made outside a git checkout records as its commit.</summary>
    public const string Unknown = "unknown";

    private static readonly Lazy<RunProvenance> s_machine = new(Read);

    /// <summary>The commit this simulator was built from (the SDK puts it in the informational version).</summary>
    public required string Commit { get; init; }

    public required string Runtime { get; init; }

    public required string Cpu { get; init; }

    public required int Cores { get; init; }

    public required string Kernel { get; init; }

    /// <summary>The soft limit on open descriptors (§8.1: the 10k-agent figures assume 20,000); -1 when unreadable.</summary>
    public required long FdLimit { get; init; }

    /// <summary>This process's collector (<see cref="DaemonGc.Describe"/>); a cluster line names the master's too (<c>master_gc</c>).</summary>
    public required string Gc { get; init; }

    public required bool TieredPgo { get; init; }

    /// <summary>This process's provenance; the parts that cannot change while it runs are read once.</summary>
    public static RunProvenance Current => s_machine.Value;

    /// <summary>Adds the provenance fields to <paramref name="line"/>, stamped <paramref name="now"/>, without replacing a field the line has.</summary>
    public void AddTo(JsonObject line, DateTimeOffset now)
    {
        Add(line, CommitField, Commit);
        Add(line, RuntimeField, Runtime);
        Add(line, CpuField, Cpu);
        Add(line, CoresField, Cores);
        Add(line, KernelField, Kernel);
        Add(line, FdLimitField, FdLimit);
        Add(line, GcField, Gc);
        Add(line, TieredPgoField, TieredPgo);
        Add(line, TimeField, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void Add(JsonObject line, string name, JsonNode value)
    {
        if (!line.ContainsKey(name))
            line[name] = value;
    }

    private static RunProvenance Read() => new()
    {
        Commit = CommitOf(typeof(RunProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion),
        Runtime = RuntimeInformation.FrameworkDescription,
        Cpu = CpuModelOf(TryRead("/proc/cpuinfo")) ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores = Environment.ProcessorCount,
        Kernel = TryRead("/proc/sys/kernel/osrelease")?.Trim() is { Length: > 0 } kernel ? kernel : RuntimeInformation.OSDescription,
        FdLimit = SoftFdLimitOf(TryRead("/proc/self/limits")),
        Gc = DaemonGc.Describe(),
        // On by default since .NET 8; DOTNET_TieredPGO=0 turns it off (§8.1 runs with it on).
        TieredPgo = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is not ("0" or "false"),
    };

    /// <summary>The commit in an informational version such as <c>1.0.0+&lt;sha&gt;</c>; <see cref="Unknown"/> without one.</summary>
    internal static string CommitOf(string? informationalVersion)
    {
        int plus = informationalVersion?.IndexOf('+') ?? -1;
        return plus >= 0 && plus < informationalVersion!.Length - 1 ? informationalVersion[(plus + 1)..] : Unknown;
    }

    /// <summary>The first <c>model name</c> of a <c>/proc/cpuinfo</c> text; null when it has none.</summary>
    internal static string? CpuModelOf(string? cpuinfo)
    {
        if (cpuinfo is null)
            return null;
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == "model name")
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    /// <summary>The soft "Max open files" of a <c>/proc/&lt;pid&gt;/limits</c> text; -1 when absent, unlimited counts as <see cref="long.MaxValue"/>.</summary>
    internal static long SoftFdLimitOf(string? limits)
    {
        const string Name = "Max open files";
        if (limits is null)
            return -1;
        foreach (string line in limits.Split('\n'))
        {
            if (!line.StartsWith(Name, StringComparison.Ordinal))
                continue;
            string soft = line[Name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return soft == "unlimited" ? long.MaxValue
                : long.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : -1;
        }
        return -1;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
