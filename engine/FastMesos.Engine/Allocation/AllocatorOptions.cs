namespace FastMesos.Engine;

/// <summary>Allocator settings, with Mesos' defaults (specs/mesos.md §1.9).</summary>
public sealed record AllocatorOptions
{
    /// <summary><c>--allocation_interval</c>: how often the host runs a full allocation. The engine only reports it.</summary>
    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default <c>Filters.refuse_seconds</c> when a decline names none or a negative value.</summary>
    public TimeSpan DefaultRefuse { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--offer_timeout</c>: null means offers never time out (Mesos' default).</summary>
    public TimeSpan? OfferTimeout { get; init; }

    /// <summary>Outstanding offers one framework may hold; 0 means no cap.</summary>
    public int MaxOffersPerFramework { get; init; }

    /// <summary><c>--role_sorter</c>.</summary>
    public SorterKind RoleSorter { get; init; } = SorterKind.Drf;

    /// <summary><c>--framework_sorter</c>.</summary>
    public SorterKind FrameworkSorter { get; init; } = SorterKind.Drf;

    /// <summary>
    /// <c>--min_allocatable_resources</c>: alternatives separated by <c>|</c>; resources are allocatable
    /// when they hold every quantity of at least one alternative. Default <c>cpus:0.01|mem:32</c>.
    /// </summary>
    public string MinAllocatableResources { get; init; } = "cpus:0.01|mem:32";

    /// <summary>Agents with GPUs are offered only to GPU_RESOURCES frameworks (<c>--filter_gpu_resources</c>).</summary>
    public bool FilterGpuResources { get; init; } = true;

    /// <summary>Seed for the agent shuffle and the random sorter: same seed, same inputs, same offers.</summary>
    public ulong Seed { get; init; } = 0x5EED_F00D_CAFE_BEEFUL;

    /// <summary>How many distinct scalar resource names (cpus, mem, disk, gpus, …) the engine holds.</summary>
    public int MaxScalarKinds { get; init; } = 8;

    /// <summary>How many distinct range or set resource names (ports, …) the engine holds.</summary>
    public int MaxRangeKinds { get; init; } = 4;
}
