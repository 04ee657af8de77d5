using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FastMesos.Agent.Cli;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Hosting.Metrics;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon's <c>/metrics</c> and <c>/metrics/prometheus</c> after known actions on a real cluster
/// (specs/marathon.md §9), and the master's and agent's Prometheus text (specs/mesos.md §3.2).
/// </summary>
public sealed class MarathonMetricsTests
{
    [Fact]
    public async Task Deploying_an_app_of_two_instances_shows_in_marathons_metrics_and_every_daemon_serves_prometheus_text()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        AgentHost agent = await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        var (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/metered","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":2}""");
        Assert.Equal(HttpStatusCode.Created, status);
        await WaitForDeploymentsAsync(marathon);
        // The status updates that finished the deployment are counted on the loop before /v2/deployments answers empty.
        await Eventually.Until(async () => Gauge(await MetricsAsync(marathon), "instances.running.gauge") == 2, "both instances to count as running");

        JsonElement metrics = await MetricsAsync(marathon);
        Assert.True(metrics.TryGetProperty("version", out _));
        Assert.Equal(1, Gauge(metrics, "apps.active.gauge"));
        Assert.Equal(1, Gauge(metrics, "groups.active.gauge")); // the root group, as Marathon counts it
        Assert.Equal(0, Gauge(metrics, "deployments.active.gauge"));
        Assert.Equal(0, Gauge(metrics, "instances.staged.gauge"));
        Assert.Equal(0, Gauge(metrics, "instances.launch-overdue.gauge"));
        Assert.True(Gauge(metrics, "uptime.gauge.seconds") >= 0);
        Assert.True(Count(metrics, "tasks.launched.counter") >= 2);
        Assert.True(Count(metrics, "deployments.counter") >= 1);
        Assert.Equal(0, Count(metrics, "deployments.dismissed.counter"));
        Assert.True(Count(metrics, "mesos.offers.incoming.counter") >= 1);
        Assert.True(Count(metrics, "mesos.offers.used.counter") >= 1);
        Assert.True(Count(metrics, "mesos.offer-operations.launch.counter") >= 1);
        Assert.True(Count(metrics, "mesos.task-updates.task-running.counter") >= 2);
        Assert.True(Count(metrics, "http.requests.size.counter.bytes") > 0); // the POST body
        Assert.True(Count(metrics, "http.responses.size.counter.bytes") > 0);
        JsonElement meters = metrics.GetProperty("meters");
        Assert.True(meters.GetProperty("marathon.http.responses.2xx.rate.meter").GetProperty("count").GetInt64() >= 2); // the POST, the polls
        Assert.Equal(0, meters.GetProperty("marathon.http.responses.5xx.rate.meter").GetProperty("count").GetInt64());
        JsonElement timers = metrics.GetProperty("timers");
        Assert.Equal(1, timers.GetProperty("marathon.http.requests.post.duration.timer.seconds").GetProperty("count").GetInt64());
        Assert.True(timers.GetProperty("marathon.http.requests.duration.timer.seconds").GetProperty("count").GetInt64() >= 2);
        Assert.Equal(1, Gauge(metrics, "http.requests.active.gauge")); // this very request

        string text = await PrometheusAsync(marathon.Url);
        Assert.Contains("# TYPE marathon_apps_active_gauge gauge\nmarathon_apps_active_gauge 1\n", text);
        Assert.Contains("marathon_instances_running_gauge 2\n", text);
        Assert.Contains("# TYPE marathon_tasks_launched_counter counter\n", text);
        Assert.Contains("marathon_http_requests_duration_timer_seconds{quantile=\"0.99\"}", text);

        string master = await PrometheusAsync(cluster.Master.Url);
        Assert.Contains("# TYPE master_uptime_secs gauge\n", master);
        Assert.Contains("master_tasks_running 2\n", master);
        Assert.Contains("master_frameworks_active 1\n", master);
        string agentText = await PrometheusAsync(agent.Url);
        Assert.Contains("slave_tasks_running 2\n", agentText);
        Assert.Contains("slave_registered 1\n", agentText);
    }

    [Fact]
    public async Task Marathon_pushes_its_metrics_to_statsd_and_graphite_receivers()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        using var statsd = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var graphite = new TcpListener(IPAddress.Loopback, 0);
        graphite.Start();
        int statsdPort = ((IPEndPoint)statsd.Client.LocalEndPoint!).Port;
        int graphitePort = ((IPEndPoint)graphite.LocalEndpoint).Port;
        await using MarathonHost marathon = await MarathonHost.StartAsync(new MarathonOptions
        {
            Master = cluster.Master.EndPoint,
            WorkDir = cluster.NewDirectory("marathon"),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            Statsd = new StatsdReporterOptions { Host = "127.0.0.1", Port = statsdPort, Interval = TimeSpan.FromMilliseconds(100) },
            Graphite = GraphiteReporterOptions.Parse($"tcp://127.0.0.1:{graphitePort}?prefix=test&interval=1"),
            Log = line => { },
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string datagram = Encoding.UTF8.GetString((await statsd.ReceiveAsync(timeout.Token)).Buffer);
        Assert.Contains("marathon.apps.active.gauge:0|g", datagram.Split('\n'));
        using TcpClient carbon = await graphite.AcceptTcpClientAsync(timeout.Token);
        using var reader = new StreamReader(carbon.GetStream(), Encoding.UTF8);
        string lines = await reader.ReadToEndAsync(timeout.Token);
        Assert.Matches(@"(?m)^test\.marathon\.uptime\.gauge\.seconds \d+ \d{10}$", lines);
    }

    private static async Task<JsonElement> MetricsAsync(MarathonHost marathon)
    {
        var (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static async Task<string> PrometheusAsync(Uri baseUrl)
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri(baseUrl, "metrics/prometheus"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Gauge(JsonElement metrics, string name) =>
        metrics.GetProperty("gauges").GetProperty("marathon." + name).GetProperty("value").GetDouble();

    private static long Count(JsonElement metrics, string name) =>
        metrics.GetProperty("counters").GetProperty("marathon." + name).GetProperty("count").GetInt64();
}
