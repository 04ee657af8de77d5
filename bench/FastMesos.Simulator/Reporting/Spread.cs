namespace FastMesos.Simulator.Reporting;

/// <summary>
/// Min, median, p99 and max of repeated measurements (specs/performance.md §8.1: "measure at least
/// 10 iterations; report min, median, p99 and max"). The median of an even count is the mean of the
/// middle two; p99 is the nearest rank (the ⌈0.99·n⌉-th smallest), so below 100 runs it is the max.
/// </summary>
internal readonly record struct Spread(double Min, double Median, double P99, double Max)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("no values to summarize", nameof(values));
        double[] sorted = [.. values];
        Array.Sort(sorted);
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int rank = (int)Math.Ceiling(0.99 * n);
        return new Spread(sorted[0], median, sorted[rank - 1], sorted[n - 1]);
    }
}
