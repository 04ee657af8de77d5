namespace FastMesos.Marathon.Metrics;

/// <summary>A meter's count and per-second rates at one moment.</summary>
public readonly record struct MeterSnapshot(long Count, double M1Rate, double M5Rate, double M15Rate, double MeanRate);
