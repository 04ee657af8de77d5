namespace FastMesos.Marathon.Metrics;

/// <summary>
/// A histogram's distribution at one moment: <see cref="Count"/> and <see cref="Sum"/> over every
/// value ever recorded, the rest over the reservoir (the most recent values).
/// </summary>
public readonly record struct HistogramSnapshot(long Count, double Sum, double Min, double Mean, double Max, double StdDev,
    double P50, double P75, double P95, double P98, double P99, double P999);
