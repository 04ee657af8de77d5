using System.Runtime.Versioning;

// Tasks are Linux processes in Linux cgroups.
[assembly: SupportedOSPlatform("linux")]

// The tests time real clusters (ping timeouts of 3 × 200 ms, failover timeouts): run them one at a
// time so a busy machine's scheduling delays stay far below those budgets.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
