namespace FastMesos.Agent.Containers;

/// <summary>Cgroup counters of one container, in Mesos ResourceStatistics' terms (/monitor/statistics).</summary>
public readonly record struct ContainerUsage(
    double CpusUserTimeSecs,
    double CpusSystemTimeSecs,
    double CpusLimit,
    long MemRssBytes,
    long MemLimitBytes,
    long MemMaxRssBytes,
    int Processes);
