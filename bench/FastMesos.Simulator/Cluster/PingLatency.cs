using System.Diagnostics;
using System.Globalization;
using System.Text;
using HdrHistogram;
using HdrHistogram.Iteration;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Heartbeat latencies in microseconds, in an HdrHistogram shared by every receive thread (one
/// lock; ten thousand samples a second). A histogram crosses the process boundary as its
/// non-empty buckets (<c>value:count,…</c>), so the parent merges the agent processes exactly at
/// the histogram's precision.
/// </summary>
internal sealed class PingLatency
{
    private const long HighestMicros = 60_000_000;
    private readonly Lock _lock = new();
    private readonly LongHistogram _histogram = new(HighestMicros, 3);
    private volatile bool _recording;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>Records now − <paramref name="sentTimestamp"/> (a <see cref="Stopwatch"/> timestamp of any process on this machine).</summary>
    public void Record(long sentTimestamp) => Record(sentTimestamp, Stopwatch.GetTimestamp());

    /// <summary>Records <paramref name="atTimestamp"/> − <paramref name="sentTimestamp"/>, both <see cref="Stopwatch"/> timestamps.</summary>
    public void Record(long sentTimestamp, long atTimestamp)
    {
        if (!_recording)
            return;
        long micros = (atTimestamp - sentTimestamp) * 1_000_000 / Stopwatch.Frequency;
        micros = Math.Clamp(micros, 0, HighestMicros);
        lock (_lock)
            _histogram.RecordValue(micros);
    }

    public void Reset()
    {
        lock (_lock)
            _histogram.Reset();
    }

    /// <summary>The non-empty buckets as <c>value:count</c> pairs separated by commas; empty when nothing was recorded.</summary>
    public string Export()
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (HistogramIterationValue v in _histogram.RecordedValues())
            {
                if (text.Length > 0)
                    text.Append(',');
                text.Append(v.ValueIteratedTo.ToString(CultureInfo.InvariantCulture)).Append(':')
                    .Append(v.CountAddedInThisIterationStep.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Adds an <see cref="Export"/>ed histogram to <paramref name="into"/>.</summary>
    public static void Import(string exported, LongHistogram into)
    {
        foreach (string pair in exported.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = pair.IndexOf(':');
            if (colon < 0
                || !long.TryParse(pair.AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
                || !long.TryParse(pair.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count))
                throw new InvalidDataException($"bad histogram bucket '{pair}'");
            into.RecordValueWithCount(Math.Min(value, HighestMicros), count);
        }
    }

    public static LongHistogram NewHistogram() => new(HighestMicros, 3);
}
