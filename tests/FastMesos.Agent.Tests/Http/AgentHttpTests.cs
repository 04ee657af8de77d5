using System.Net;
using System.Text.Json;
using FastMesos.Agent.Http;
using FastMesos.Agent.Runtime;
using FastMesos.Agent.Tests.Runtime;
using FastMesos.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FastMesos.Agent.Tests.Http;

/// <summary>The agent's endpoints on a real Kestrel on loopback, over an agent with a running task.</summary>
public sealed class AgentHttpTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;
    private AgentRuntime _agent = null!;
    private TestScheduler _scheduler = null!;
    private WebApplication _web = null!;
    private HttpClient _http = null!;
    private string _sandbox = null!;

    public async Task InitializeAsync()
    {
        _cluster = await AgentCluster.StartAsync();
        _agent = await _cluster.StartAgentAsync();
        _scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        await _scheduler.LaunchAsync("web", "cpus:1;mem:128;ports:[31000-31000]");
        await Eventually.Until(() => _scheduler.States("web").Contains(TaskState.Running), "TASK_RUNNING");
        _sandbox = _cluster.Containerizer.Launches.Single().SandboxDirectory;
        await File.WriteAllTextAsync(Path.Combine(_sandbox, "stdout"), "hello sandbox\n");

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _web = builder.Build();
        _web.MapAgentEndpoints(_agent);
        await _web.StartAsync();
        string address = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _web.DisposeAsync();
        await _scheduler.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task State_has_the_mesos_agent_shape()
    {
        using JsonDocument doc = await GetJson("/state");
        JsonElement root = doc.RootElement;
        Assert.Equal(_agent.AgentId, root.GetProperty("id").GetString());
        Assert.Equal("slave(1)@127.0.0.1:5051", root.GetProperty("pid").GetString());
        Assert.Equal("agent-host", root.GetProperty("hostname").GetString());
        Assert.Equal(4, root.GetProperty("resources").GetProperty("cpus").GetDouble());
        Assert.Equal("[31000-31009]", root.GetProperty("resources").GetProperty("ports").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("master_hostname").GetString());
        JsonElement executor = root.GetProperty("frameworks")[0].GetProperty("executors")[0];
        Assert.Equal(_sandbox, executor.GetProperty("directory").GetString());
        JsonElement task = executor.GetProperty("tasks")[0];
        Assert.Equal("web", task.GetProperty("id").GetString());
        Assert.Equal("TASK_RUNNING", task.GetProperty("state").GetString());
        Assert.Equal(["TASK_STARTING", "TASK_RUNNING"], task.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Equal(0, root.GetProperty("completed_frameworks").GetArrayLength());
        using JsonDocument same = await GetJson("/state.json");
        Assert.Equal(_agent.AgentId, same.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Metrics_use_mesos_names()
    {
        using JsonDocument doc = await GetJson("/metrics/snapshot");
        JsonElement m = doc.RootElement;
        Assert.Equal(1, m.GetProperty("slave/registered").GetDouble());
        Assert.Equal(1, m.GetProperty("slave/tasks_running").GetDouble());
        Assert.Equal(0, m.GetProperty("slave/tasks_finished").GetDouble());
        Assert.Equal(4, m.GetProperty("slave/cpus_total").GetDouble());
        Assert.Equal(1, m.GetProperty("slave/cpus_used").GetDouble());
        Assert.Equal(128, m.GetProperty("slave/mem_used").GetDouble());
        Assert.True(m.GetProperty("slave/uptime_secs").GetDouble() >= 0);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Files_read_serves_sandbox_files_with_mesos_offsets()
    {
        string path = Uri.EscapeDataString(Path.Combine(_sandbox, "stdout"));
        using JsonDocument all = await GetJson($"/files/read?path={path}&offset=0");
        Assert.Equal("hello sandbox\n", all.RootElement.GetProperty("data").GetString());
        Assert.Equal(0, all.RootElement.GetProperty("offset").GetInt64());

        using JsonDocument size = await GetJson($"/files/read?path={path}&offset=-1");
        Assert.Equal("", size.RootElement.GetProperty("data").GetString());
        Assert.Equal(14, size.RootElement.GetProperty("offset").GetInt64());

        using JsonDocument part = await GetJson($"/files/read?path={path}&offset=6&length=7");
        Assert.Equal("sandbox", part.RootElement.GetProperty("data").GetString());

        using JsonDocument listing = await GetJson($"/files/browse?path={Uri.EscapeDataString(_sandbox)}");
        JsonElement entry = Assert.Single(listing.RootElement.EnumerateArray());
        Assert.Equal(Path.Combine(_sandbox, "stdout"), entry.GetProperty("path").GetString());
        Assert.Equal(14, entry.GetProperty("size").GetInt64());
        Assert.StartsWith("-rw", entry.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Files_read_refuses_paths_outside_the_sandboxes()
    {
        File.CreateSymbolicLink(Path.Combine(_sandbox, "escape"), "/etc/passwd");
        string[] outside =
        [
            "/etc/passwd",
            _sandbox + "/../../../../../../../../etc/passwd",
            Path.Combine(_sandbox, "escape"),
            Path.Combine(_cluster.WorkDir, "meta", "slaves", _agent.AgentId!, "slave.info"),
            "relative/path",
        ];
        foreach (string path in outside)
        {
            HttpResponseMessage response = await _http.GetAsync($"/files/read?path={Uri.EscapeDataString(path)}&offset=0");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("error", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/files/read")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/files/read?path={Uri.EscapeDataString(_sandbox)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await _http.GetAsync($"/files/read?path={Uri.EscapeDataString(Path.Combine(_sandbox, "stdout"))}&offset=-5")).StatusCode);
    }

    [Fact]
    public async Task Monitor_statistics_lists_running_containers()
    {
        using JsonDocument doc = await GetJson("/monitor/statistics");
        JsonElement entry = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("web", entry.GetProperty("executor_id").GetString());
        Assert.Equal(_scheduler.FrameworkId, entry.GetProperty("framework_id").GetString());
        JsonElement stats = entry.GetProperty("statistics");
        Assert.Equal(1.5, stats.GetProperty("cpus_user_time_secs").GetDouble());
        Assert.Equal(64L << 20, stats.GetProperty("mem_rss_bytes").GetInt64());
        Assert.True(stats.GetProperty("timestamp").GetDouble() > 0);
    }

    private async Task<JsonDocument> GetJson(string url)
    {
        HttpResponseMessage response = await _http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
