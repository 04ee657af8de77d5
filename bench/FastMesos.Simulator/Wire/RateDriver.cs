using System.Diagnostics;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// The open-loop schedule of the latency mode: ping k is due at start + k / rate on connection
/// k mod N, whatever the answers do (so a slow server meets the same load, not a politer one). A
/// dedicated thread sends what is due, then sleeps about a millisecond; a connection whose previous
/// ping is still out is skipped and counted, which keeps one ping in flight per connection.
/// RTTs are timed from the actual send, so the sleep granularity does not count as wire latency.
/// </summary>
internal sealed class RateDriver
{
    private readonly IWireClient _client;
    private readonly LoadState _load;
    private readonly Thread _thread;
    private long _sent;
    private long _skipped;

    private RateDriver(IWireClient client, LoadState load)
    {
        _client = client;
        _load = load;
        _thread = new Thread(Run) { IsBackground = true, Name = "wire rate driver" };
    }

    /// <summary>Pings sent by the schedule.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Due pings not sent because the connection's previous ping had not come back.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public static RateDriver Start(IWireClient client, LoadState load)
    {
        var driver = new RateDriver(client, load);
        driver._thread.Start();
        return driver;
    }

    public void Join() => _thread.Join(TimeSpan.FromSeconds(10));

    private void Run()
    {
        int connections = _load.Spec.Connections;
        double ticksPerPing = (double)Stopwatch.Frequency / _load.Spec.Rate;
        long start = Stopwatch.GetTimestamp();
        long k = 0;
        while (!_load.Stopped)
        {
            long now = Stopwatch.GetTimestamp();
            // Bounded by the pings due since the last turn (rate × the time slept).
            while (start + (long)(k * ticksPerPing) <= now && !_load.Stopped)
            {
                if (_client.TryPing((int)(k % connections)))
                    Interlocked.Increment(ref _sent);
                else
                    Interlocked.Increment(ref _skipped);
                k++;
            }

            Thread.Sleep(1);
        }
    }
}
