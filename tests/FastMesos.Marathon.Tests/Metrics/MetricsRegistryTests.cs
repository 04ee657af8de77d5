using System.Buffers;
using System.Text;
using System.Text.Json;
using FastMesos.Hosting.Metrics;
using FastMesos.Marathon.Metrics;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Marathon.Tests.Metrics;

/// <summary>The registry's kinds, Marathon 1.7+'s /metrics JSON shape, and its Prometheus text.</summary>
public sealed class MetricsRegistryTests
{
    [Fact]
    public void Counters_and_gauges_are_named_with_the_prefix_and_gauges_read_their_callback_at_snapshot_time()
    {
        var registry = new MetricsRegistry("marathon", new FakeTimeProvider());
        Counter counter = registry.Counter("deployments.counter");
        double value = 1;
        registry.Gauge("apps.active.gauge", () => value);
        counter.Increment();
        counter.Add(2);
        Assert.Same(counter, registry.Counter("deployments.counter"));
        value = 7;

        JsonElement json = Json(registry);
        Assert.Equal(3, json.GetProperty("counters").GetProperty("marathon.deployments.counter").GetProperty("count").GetInt64());
        Assert.Equal(7, json.GetProperty("gauges").GetProperty("marathon.apps.active.gauge").GetProperty("value").GetDouble());
        Assert.Equal("custom.x.counter", new MetricsRegistry("custom", TimeProvider.System).FullName("x.counter"));
    }

    [Fact]
    public void The_json_has_marathons_1_7_shape_for_every_kind()
    {
        var time = new FakeTimeProvider();
        var registry = new MetricsRegistry("marathon", time);
        registry.Histogram("h.histogram").Record(2);
        registry.Meter("m.rate.meter").Mark();
        registry.Timer("t.timer.seconds").Record(TimeSpan.FromMilliseconds(250));

        JsonElement json = Json(registry);
        Assert.True(json.TryGetProperty("version", out _));
        JsonElement h = json.GetProperty("histograms").GetProperty("marathon.h.histogram");
        foreach (string field in (string[])["count", "min", "mean", "max", "p50", "p75", "p95", "p98", "p99", "p999", "stddev"])
            Assert.True(h.TryGetProperty(field, out _), field);
        Assert.Equal(2, h.GetProperty("p99").GetDouble());
        JsonElement m = json.GetProperty("meters").GetProperty("marathon.m.rate.meter");
        foreach (string field in (string[])["count", "m1_rate", "m5_rate", "m15_rate", "mean_rate", "units"])
            Assert.True(m.TryGetProperty(field, out _), field);
        Assert.Equal(1, m.GetProperty("count").GetInt64());
        JsonElement t = json.GetProperty("timers").GetProperty("marathon.t.timer.seconds");
        Assert.Equal(1, t.GetProperty("count").GetInt64());
        Assert.Equal(0.25, t.GetProperty("max").GetDouble());
        Assert.Equal("seconds", t.GetProperty("duration_units").GetString());
        Assert.Equal("calls/second", t.GetProperty("rate_units").GetString());
        Assert.True(t.TryGetProperty("m1_rate", out _));
    }

    [Fact]
    public void A_meter_moves_its_moving_averages_every_five_seconds_and_decays_when_quiet()
    {
        var time = new FakeTimeProvider();
        var meter = new Meter(time);
        for (int i = 0; i < 50; i++)
            meter.Mark();
        Assert.Equal(0, meter.Snapshot().M1Rate); // no tick yet
        time.Advance(TimeSpan.FromSeconds(5));
        MeterSnapshot first = meter.Snapshot();
        Assert.Equal(10, first.M1Rate, 6); // 50 events in 5 s
        Assert.Equal(10, first.M15Rate, 6);
        Assert.Equal(10, first.MeanRate, 6);
        time.Advance(TimeSpan.FromMinutes(5));
        MeterSnapshot later = meter.Snapshot();
        Assert.InRange(later.M1Rate, 0, 0.1);
        Assert.True(later.M15Rate > later.M5Rate && later.M5Rate > later.M1Rate);
        Assert.Equal(50, later.Count);
    }

    [Fact]
    public void A_histogram_keeps_count_and_sum_of_everything_and_quantiles_of_the_recent_window()
    {
        var histogram = new Histogram(reservoirSize: 100);
        for (int i = 1; i <= 1000; i++)
            histogram.Record(i);
        HistogramSnapshot s = histogram.Snapshot();
        Assert.Equal(1000, s.Count);
        Assert.Equal(500500, s.Sum);
        Assert.Equal(901, s.Min); // the window holds the last 100
        Assert.Equal(1000, s.Max);
        Assert.InRange(s.P50, 950, 951);
        Assert.Equal(0, new Histogram().Snapshot().P99);
    }

    [Fact]
    public void Prometheus_text_makes_names_legal_and_types_each_family()
    {
        var registry = new MetricsRegistry("marathon", new FakeTimeProvider());
        registry.Counter("mesos.task-updates.task-running.counter").Add(4);
        registry.Gauge("apps.active.gauge", () => 1);
        registry.Meter("http.responses.2xx.rate.meter").Mark();
        registry.Timer("http.requests.duration.timer.seconds").Record(TimeSpan.FromSeconds(1));

        string text = registry.ToPrometheus();
        Assert.Contains("# TYPE marathon_mesos_task_updates_task_running_counter counter\nmarathon_mesos_task_updates_task_running_counter 4\n", text);
        Assert.Contains("# TYPE marathon_apps_active_gauge gauge\nmarathon_apps_active_gauge 1\n", text);
        Assert.Contains("marathon_http_responses_2xx_rate_meter_count 1\n", text);
        Assert.Contains("# TYPE marathon_http_requests_duration_timer_seconds summary\n", text);
        Assert.Contains("marathon_http_requests_duration_timer_seconds{quantile=\"0.99\"} 1\n", text);
        Assert.Contains("marathon_http_requests_duration_timer_seconds_count 1\n", text);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
                continue;
            string name = line[..line.IndexOfAny(['{', ' '])];
            Assert.Equal(PrometheusText.Name(name), name);
        }
    }

    [Fact]
    public void Mesos_snapshots_become_one_gauge_per_name()
    {
        string text = PrometheusText.FromFlatSnapshot("""{"master/uptime_secs":12.5,"allocator/mesos/allocation_runs":3,"odd":"x"}"""u8);
        Assert.Equal("# TYPE master_uptime_secs gauge\nmaster_uptime_secs 12.5\n# TYPE allocator_mesos_allocation_runs gauge\nallocator_mesos_allocation_runs 3\n", text);
        Assert.Equal("_2xx_a", PrometheusText.Name("2xx.a"));
        Assert.Equal("+Inf", PrometheusText.Value(double.PositiveInfinity));
    }

    [Fact]
    public void Marathon_metrics_name_task_updates_by_state_and_http_responses_by_class()
    {
        var metrics = new MarathonMetrics("marathon", new FakeTimeProvider());
        metrics.TaskUpdate(TaskState.Running);
        metrics.TaskUpdate(TaskState.GoneByOperator);
        metrics.RequestStarted();
        metrics.RequestEnded("POST", 201, TimeSpan.FromMilliseconds(10));
        metrics.RequestStarted();
        metrics.RecordLaunch(3);
        metrics.Publish(new RuntimeCounts(Apps: 2, Groups: 1, Deployments: 0, InstancesRunning: 5, InstancesStaged: 1, InstancesLaunchOverdue: 0));

        JsonElement json = Json(metrics.Registry);
        JsonElement counters = json.GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("marathon.mesos.task-updates.task-running.counter").GetProperty("count").GetInt64());
        Assert.Equal(1, counters.GetProperty("marathon.mesos.task-updates.task-gone-by-operator.counter").GetProperty("count").GetInt64());
        Assert.Equal(3, counters.GetProperty("marathon.tasks.launched.counter").GetProperty("count").GetInt64());
        Assert.Equal(1, counters.GetProperty("marathon.mesos.offer-operations.launch.counter").GetProperty("count").GetInt64());
        Assert.Equal(1, json.GetProperty("meters").GetProperty("marathon.http.responses.2xx.rate.meter").GetProperty("count").GetInt64());
        Assert.Equal(0, json.GetProperty("meters").GetProperty("marathon.http.responses.5xx.rate.meter").GetProperty("count").GetInt64());
        Assert.Equal(1, json.GetProperty("timers").GetProperty("marathon.http.requests.post.duration.timer.seconds").GetProperty("count").GetInt64());
        Assert.Equal(0, json.GetProperty("timers").GetProperty("marathon.http.requests.get.duration.timer.seconds").GetProperty("count").GetInt64());
        JsonElement gauges = json.GetProperty("gauges");
        Assert.Equal(1, gauges.GetProperty("marathon.http.requests.active.gauge").GetProperty("value").GetDouble());
        Assert.Equal(2, gauges.GetProperty("marathon.apps.active.gauge").GetProperty("value").GetDouble());
        Assert.Equal(5, gauges.GetProperty("marathon.instances.running.gauge").GetProperty("value").GetDouble());
        Assert.Equal(0, gauges.GetProperty("marathon.leadership.duration.gauge.seconds").GetProperty("value").GetDouble());
    }

    [Fact]
    public void Uptime_and_leadership_count_whole_seconds_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var metrics = new MarathonMetrics("marathon", time);
        time.Advance(TimeSpan.FromSeconds(10));
        metrics.BecameLeader();
        time.Advance(TimeSpan.FromSeconds(3.5));
        JsonElement gauges = Json(metrics.Registry).GetProperty("gauges");
        Assert.Equal(13, gauges.GetProperty("marathon.uptime.gauge.seconds").GetProperty("value").GetDouble());
        Assert.Equal(3, gauges.GetProperty("marathon.leadership.duration.gauge.seconds").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Increments_from_many_threads_are_all_counted()
    {
        var time = new FakeTimeProvider();
        var registry = new MetricsRegistry("marathon", time);
        Counter counter = registry.Counter("c.counter");
        Meter meter = registry.Meter("m.meter");
        Task[] workers = new Task[4];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    counter.Increment();
                    meter.Mark();
                }
            });
        }
        await Task.WhenAll(workers);
        Assert.Equal(40_000, counter.Count);
        Assert.Equal(40_000, meter.Count);
    }

    private static JsonElement Json(MetricsRegistry registry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            registry.WriteJson(writer);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)).RootElement;
    }
}
