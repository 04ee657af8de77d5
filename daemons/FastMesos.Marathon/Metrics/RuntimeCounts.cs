namespace FastMesos.Marathon.Metrics;

/// <summary>The runtime's state counts behind Marathon's gauges, taken on the runtime's loop in one pass.</summary>
public readonly record struct RuntimeCounts(int Apps, int Groups, int Deployments, int InstancesRunning, int InstancesStaged, int InstancesLaunchOverdue);
