namespace FastMesos.Engine;

/// <summary>The FrameworkInfo capabilities the allocator looks at.</summary>
[Flags]
public enum FrameworkCapabilities
{
    None = 0,
    GpuResources = 1,
    PartitionAware = 2,
    MultiRole = 4,
    RevocableResources = 8,
    TaskKillingState = 16,
}
