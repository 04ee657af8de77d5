namespace FastMesos.Transport.Tests.Connections;

/// <summary>Tests that measure the whole process (managed heap, throughput) run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection
{
}
