using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;
using FastMesos.Engine.Master;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Master.Tests;

/// <summary>
/// A real master on loopback: wire peers (an agent and a scheduler) drive it through a task
/// launch while HTTP on the same port reports it in Mesos' JSON shapes.
/// </summary>
public sealed class MasterHostHttpTests : IAsyncLifetime
{
    private MasterHost _master = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var options = new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions
            {
                MasterId = "test-master",
                Ip = "127.0.0.1",
                Hostname = "localhost",
                Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromMilliseconds(20) },
            },
        };
        _master = await MasterHost.StartAsync(options, weights: new Dictionary<string, double> { ["web"] = 2 });
        _http = new HttpClient { BaseAddress = _master.Url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    private async Task<JsonElement> GetJson(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task A_launched_task_shows_in_state_tasks_and_metrics()
    {
        await using WirePeer agent = await WirePeer.DialAsync(_master.EndPoint, PeerRole.Agent);
        agent.Send(new RegisterAgent
        {
            Agent = new AgentInfo { Hostname = "host-a", Port = 5051, Resources = Resources.Parse("cpus:2;mem:1024;ports:[31000-31010]") },
            Version = "1.11.0",
        });
        AgentRegistered registered = await agent.NextAsync<AgentRegistered>();

        await using WirePeer scheduler = await WirePeer.DialAsync(_master.EndPoint, PeerRole.Scheduler);
        scheduler.Send(new SubscribeCall { Framework = new FrameworkInfo { User = "root", Name = "http-test", Roles = ["web"] } });
        SubscribedEvent subscribed = await scheduler.NextAsync<SubscribedEvent>();
        OffersEvent offers = await scheduler.NextAsync<OffersEvent>();
        Offer offer = Assert.Single(offers.Offers);

        var task = new TaskInfo
        {
            Name = "sleeper",
            TaskId = new TaskId("sleeper-1"),
            AgentId = offer.AgentId,
            Resources = Resources.Parse("cpus:0.5;mem:64"),
            Command = new CommandInfo { Value = "sleep 100" },
        };
        scheduler.Send(new AcceptCall
        {
            FrameworkId = subscribed.FrameworkId,
            OfferIds = [offer.Id],
            Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = [task] }],
        });
        RunTask run = await agent.NextAsync<RunTask>();
        Assert.Equal("sleeper-1", run.Task.TaskId.Value);
        agent.Send(new StatusUpdate(subscribed.FrameworkId, new MesosTaskStatus
        {
            TaskId = task.TaskId,
            State = TaskState.Running,
            Source = TaskStatusSource.Executor,
            AgentId = registered.AgentId,
            Uuid = Guid.NewGuid(),
            Timestamp = 1_700_000_000,
        }));
        await scheduler.NextAsync<UpdateEvent>(u => u.Status.State == TaskState.Running);

        int port = _master.EndPoint.Port;
        JsonElement state = await GetJson("master/state");
        Assert.Equal($"master@127.0.0.1:{port}", state.GetProperty("leader").GetString());
        Assert.Equal("test-master", state.GetProperty("id").GetString());
        JsonElement slave = Assert.Single(state.GetProperty("slaves").EnumerateArray().ToArray());
        Assert.Equal(registered.AgentId.Value, slave.GetProperty("id").GetString());
        Assert.Equal("host-a", slave.GetProperty("hostname").GetString());
        Assert.Contains("@", slave.GetProperty("pid").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, slave.GetProperty("resources").GetProperty("cpus").GetDouble());
        JsonElement framework = Assert.Single(state.GetProperty("frameworks").EnumerateArray().ToArray());
        Assert.Equal(subscribed.FrameworkId.Value, framework.GetProperty("id").GetString());
        JsonElement stateTask = Assert.Single(framework.GetProperty("tasks").EnumerateArray().ToArray());
        Assert.Equal("TASK_RUNNING", stateTask.GetProperty("state").GetString());
        Assert.Equal(0.5, stateTask.GetProperty("resources").GetProperty("cpus").GetDouble());
        Assert.Equal("TASK_RUNNING", stateTask.GetProperty("statuses")[0].GetProperty("state").GetString());

        // The same document as MessagePack when Accept asks for it.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "master/state"))
        {
            request.Headers.Accept.ParseAdd("application/x-msgpack");
            using HttpResponseMessage packed = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, packed.StatusCode);
            Assert.Equal("application/x-msgpack", packed.Content.Headers.ContentType?.MediaType);
            string transcoded = MessagePack.MessagePackSerializer.ConvertToJson(await packed.Content.ReadAsByteArrayAsync());
            JsonElement unpacked = JsonDocument.Parse(transcoded).RootElement;
            JsonElement packedTask = Assert.Single(Assert.Single(unpacked.GetProperty("frameworks").EnumerateArray().ToArray()).GetProperty("tasks").EnumerateArray().ToArray());
            Assert.Equal("sleeper-1", packedTask.GetProperty("id").GetString());
            Assert.Equal(0.5, packedTask.GetProperty("resources").GetProperty("cpus").GetDouble());
            Assert.Equal(registered.AgentId.Value, Assert.Single(unpacked.GetProperty("slaves").EnumerateArray().ToArray()).GetProperty("id").GetString());
        }

        // An Accept header that does not parse gets the JSON document, not an error.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "master/state"))
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Accept", "application/x-msgpack;;q=\"x, ,=="));
            using HttpResponseMessage odd = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
            Assert.Equal("application/json", odd.Content.Headers.ContentType?.MediaType);
        }

        // The bare forms answer too, as Mesos' do.
        JsonElement tasks = await GetJson("tasks");
        Assert.Equal("sleeper-1", Assert.Single(tasks.GetProperty("tasks").EnumerateArray().ToArray()).GetProperty("id").GetString());
        JsonElement summary = await GetJson("master/state-summary");
        Assert.Single(summary.GetProperty("slaves").EnumerateArray().ToArray());
        JsonElement slaves = await GetJson("master/slaves");
        Assert.Single(slaves.GetProperty("slaves").EnumerateArray().ToArray());
        JsonElement frameworks = await GetJson("master/frameworks");
        Assert.Single(frameworks.GetProperty("frameworks").EnumerateArray().ToArray());

        JsonElement metrics = await GetJson("metrics/snapshot");
        Assert.Equal(1, metrics.GetProperty("master/elected").GetDouble());
        Assert.Equal(1, metrics.GetProperty("master/slaves_active").GetDouble());
        Assert.Equal(1, metrics.GetProperty("master/tasks_running").GetDouble());
        Assert.Equal(1, metrics.GetProperty("master/frameworks_active").GetDouble());
        Assert.True(metrics.GetProperty("master/uptime_secs").GetDouble() >= 0);
        // The allocator's books next to the agents' reports: the same total; the task's 0.5 cpus
        // held, plus whatever is offered at the moment.
        Assert.Equal(2, metrics.GetProperty("allocator/mesos/resources/cpus/total").GetDouble());
        Assert.Equal(metrics.GetProperty("master/cpus_total").GetDouble(), metrics.GetProperty("allocator/mesos/resources/cpus/total").GetDouble());
        double held = metrics.GetProperty("allocator/mesos/resources/cpus/offered_or_allocated").GetDouble();
        Assert.InRange(held, 0.5, 2);
        Assert.Equal(0.5, metrics.GetProperty("master/cpus_used").GetDouble());
    }

    [Fact]
    public async Task Health_version_and_redirect_answer_like_mesos()
    {
        using (HttpResponseMessage health = await _http.GetAsync("health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        JsonElement version = await GetJson("version");
        Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _master.Url };
        using HttpResponseMessage redirect = await noRedirect.GetAsync("master/redirect");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal($"//localhost:{_master.EndPoint.Port}", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_bad_query_gets_a_400_json_error_naming_the_field()
    {
        using HttpResponseMessage response = await _http.GetAsync("master/tasks?limit=many");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("limit", body, StringComparison.Ordinal);
        JsonDocument.Parse(body).Dispose();
    }

    [Fact]
    public async Task Garbage_on_the_master_port_leaves_it_serving_wire_and_http()
    {
        var random = new Random(4);
        for (int i = 0; i < 20; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(_master.EndPoint);
            var junk = new byte[1 + random.Next(4096)];
            random.NextBytes(junk);
            await socket.SendAsync(junk);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }

        await using WirePeer agent = await WirePeer.DialAsync(_master.EndPoint, PeerRole.Agent);
        agent.Send(new RegisterAgent { Agent = new AgentInfo { Hostname = "after-garbage", Resources = Resources.Parse("cpus:1;mem:128") }, Version = "1.11.0" });
        await agent.NextAsync<AgentRegistered>();
        JsonElement state = await GetJson("master/state");
        Assert.Single(state.GetProperty("slaves").EnumerateArray().ToArray());
    }
}
