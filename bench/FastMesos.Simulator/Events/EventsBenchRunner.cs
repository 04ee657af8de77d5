using System.Diagnostics;
using System.Text.Json;
using FastMesos.Marathon.Events;
using FastMesos.Simulator.Marathon;
using HdrHistogram;

namespace FastMesos.Simulator.Events;

/// <summary>
/// SSE fan-out (issue 7 "Benchmarks"): a whole Marathon (its HTTP server and <see cref="EventBus"/>,
/// against an in-process master with one simulated agent), N <see cref="SseSubscriber"/>s on
/// GET /v2/events over loopback, and a publisher thread putting R events/s on the bus on an
/// open-loop schedule. Each event carries its publish time; every delivery's latency goes into
/// an HdrHistogram. One second of warm-up events precedes the measurement.
/// </summary>
public static class EventsBenchRunner
{
    private const string EventType = "bench_event";

    public static async Task<EventsBenchResult> RunAsync(int subscribers, int rate, int seconds, Action<string>? progress = null)
    {
        progress ??= static _ => { };
        var clusterSpec = new MarathonBenchSpec { Scenario = "events", Agents = 1, WarmupInstances = 0, Timeout = TimeSpan.FromSeconds(60) };
        await using MarathonBenchCluster cluster = await MarathonBenchCluster.StartAsync(
            clusterSpec, static i => new LaunchingAgent($"sim-agent-{i}", MarathonBenchRunner.AgentResources), progress).ConfigureAwait(false);
        EventBus bus = cluster.Runtime.Events;
        int attachedBefore = bus.Count;

        progress($"connecting {subscribers} SSE subscribers");
        using var stop = new CancellationTokenSource();
        var clients = new SseSubscriber[subscribers];
        var readers = new Task[subscribers];
        for (int i = 0; i < subscribers; i++)
            clients[i] = new SseSubscriber(cluster.Http.BaseAddress!);
        try
        {
            await Concurrently.ForEachAsync(subscribers, 16, async i => readers[i] = await clients[i].ConnectAsync(EventType, stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
            await MarathonBenchCluster.UntilAsync(() => Task.FromResult(bus.Count - attachedBefore >= subscribers), clusterSpec.Timeout, "every subscriber attached").ConfigureAwait(false);

            progress("warm-up: 1 s of events");
            await Task.Run(() => Publish(bus, rate, -rate, 0)).ConfigureAwait(false);
            await MarathonBenchCluster.JitQuietAsync().ConfigureAwait(false);

            long count = (long)rate * seconds;
            progress($"measuring: {count} events at {rate}/s to {subscribers} subscribers");
            PhaseMeter meter = PhaseMeter.Start();
            long start = Stopwatch.GetTimestamp();
            await Task.Factory.StartNew(() => Publish(bus, rate, 0, count), TaskCreationOptions.LongRunning).ConfigureAwait(false);
            double publishSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            // Bounded: every subscriber saw the last event, or was dropped, or 10 s passed.
            await MarathonBenchCluster.UntilAsync(() => Task.FromResult(AllCaughtUp(clients, count - 1)), TimeSpan.FromSeconds(10), null).ConfigureAwait(false);
            PhaseCost cost = meter.Stop();

            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

            var all = new LongHistogram(TimeSpan.FromMinutes(1).Ticks / 10, 3);
            long delivered = 0;
            int disconnected = 0;
            foreach (SseSubscriber client in clients)
            {
                all.Add(client.Latencies);
                delivered += client.Received;
                disconnected += client.Disconnected ? 1 : 0;
            }
            long expected = count * subscribers;
            return new EventsBenchResult
            {
                Subscribers = subscribers,
                Rate = rate,
                Seconds = seconds,
                EventsPublished = count,
                PublishRate = Math.Round(count / publishSeconds, 1),
                Delivered = delivered,
                Expected = expected,
                Dropped = expected - delivered,
                Disconnected = disconnected,
                P50Ms = Millis(all.GetValueAtPercentile(50)),
                P99Ms = Millis(all.GetValueAtPercentile(99)),
                P999Ms = Millis(all.GetValueAtPercentile(99.9)),
                MaxMs = Millis(all.GetMaxValue()),
                CpuSeconds = Math.Round(cost.CpuSeconds, 3),
                AllocatedBytes = cost.AllocatedBytes,
                Gc0 = cost.Gc0,
                Ok = delivered == expected && disconnected == 0,
            };
        }
        finally
        {
            if (!stop.IsCancellationRequested)
                await stop.CancelAsync().ConfigureAwait(false);
            foreach (SseSubscriber client in clients)
                client.Dispose();
        }
    }

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);

    private static bool AllCaughtUp(SseSubscriber[] clients, long lastSeq)
    {
        foreach (SseSubscriber client in clients)
        {
            if (client.LastSeq < lastSeq && !client.Disconnected)
                return false;
        }
        return true;
    }

    /// <summary>
    /// Publishes events <paramref name="first"/> … <paramref name="end"/> − 1, event k due at
    /// <c>start + (k − first) / rate</c> (open loop: a slow bus gets the same offered load), sleeping
    /// about a millisecond between due batches. Each carries its publish timestamp and its number.
    /// </summary>
    private static void Publish(EventBus bus, int rate, long first, long end)
    {
        long start = Stopwatch.GetTimestamp();
        for (long k = first; k < end; k++)
        {
            long due = start + (long)((k - first) * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
                Thread.Sleep(1);
            bus.Publish(EventType, (Stopwatch.GetTimestamp(), k), WriteEvent);
        }
    }

    private static void WriteEvent(Utf8JsonWriter w, (long Sent, long Seq) e)
    {
        w.WriteNumber(SseSubscriber.SentField, e.Sent);
        w.WriteNumber("seq", e.Seq);
    }
}
