using System.Diagnostics;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// Round-trip samples in a preallocated array, filled lock-free from every receive thread while
/// recording is on; percentiles come from a sorted copy at the end. Samples past the capacity are
/// dropped, which at one sample in <see cref="WireSpec.SampleEvery"/> takes tens of millions of messages.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private volatile bool _recording;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    public void Record(long sentTimestamp)
    {
        if (!_recording)
            return;
        long elapsed = Stopwatch.GetTimestamp() - sentTimestamp;
        int i = Interlocked.Increment(ref _count) - 1;
        if (i < _ticks.Length)
            _ticks[i] = elapsed;
    }

    /// <summary>The <paramref name="percentiles"/> (0–100) in microseconds, 0 for each when nothing was recorded.</summary>
    public double[] PercentilesUs(params double[] percentiles)
    {
        long[] sorted = _ticks[..Count];
        Array.Sort(sorted);
        var result = new double[percentiles.Length];
        for (int i = 0; i < percentiles.Length && sorted.Length > 0; i++)
        {
            int index = (int)Math.Min(sorted.Length - 1, Math.Ceiling(percentiles[i] / 100 * sorted.Length) - 1);
            result[i] = sorted[Math.Max(0, index)] * 1_000_000.0 / Stopwatch.Frequency;
        }
        return result;
    }
}
