using System.Diagnostics;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime.Probing;

namespace FastMesos.Marathon.Tests;

/// <summary>Records each result with its time since construction, and how many results each <c>OnBatchEnd</c> closed.</summary>
internal sealed class RecordingProbeSink : IHttpProbeSink
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<(ProbeTicket Ticket, bool? Passed, string? Cause, TimeSpan At)> _results = [];
    private int _endedAt;   // results delivered before the latest OnBatchEnd

    public List<(ProbeTicket Ticket, bool? Passed, string? Cause, TimeSpan At)> Results
    {
        get
        {
            lock (_results)
                return [.. _results];
        }
    }

    /// <summary>Whether <paramref name="count"/> results arrived and a batch end followed the last of them.</summary>
    public bool EndedBatches(int count)
    {
        lock (_results)
            return _results.Count == count && _endedAt == count;
    }

    public void OnProbed(in ProbeTicket ticket, HealthCheck check, bool? passed, string? cause)
    {
        lock (_results)
            _results.Add((ticket, passed, cause, _watch.Elapsed));
    }

    public void OnBatchEnd()
    {
        lock (_results)
            _endedAt = _results.Count;
    }
}
