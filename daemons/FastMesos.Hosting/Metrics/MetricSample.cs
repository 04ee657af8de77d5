namespace FastMesos.Hosting.Metrics;

/// <summary>One number a push reporter sends: a metric's full dotted name and its current value.</summary>
public readonly record struct MetricSample(string Name, double Value);
