using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>Collects transport log lines (and mirrors them to the test output) so tests can assert on close reasons.</summary>
public sealed class TestLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITestOutputHelper? _output;

    public TestLog(ITestOutputHelper? output = null)
    {
        _output = output;
        Sink = Write;
    }

    public Action<string> Sink { get; }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public bool Contains(string fragment)
    {
        foreach (string line in _lines)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    public Task WaitForAsync(string fragment, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => Contains(fragment), $"a log line containing \"{fragment}\" (lines: {string.Join(" | ", _lines)})", timeout);

    private void Write(string line)
    {
        _lines.Enqueue(line);
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; the line stays in _lines.
        }
    }
}
