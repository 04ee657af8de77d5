namespace FastMesos.Master.Tests;

/// <summary>Tests that count the process's threads run alone, after the parallel ones: another test's master would change the count.</summary>
[CollectionDefinition(nameof(MasterThreadsCollection), DisableParallelization = true)]
public sealed class MasterThreadsCollection
{
}
