using System.Net;
using System.Text;
using System.Text.Json;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.State;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// Helpers for the Marathon cluster tests: start a <see cref="MarathonHost"/> on a
/// <see cref="ClusterHarness"/>, call its REST API, and wait for deployments to finish.
/// </summary>
internal static class MarathonApi
{
    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A Marathon on the cluster's master; on <paramref name="store"/> when given (which the host then owns), else on SQLite under <paramref name="workDir"/>.</summary>
    public static Task<MarathonHost> StartMarathonAsync(ClusterHarness cluster, string workDir, string? credentials = null,
        Func<MarathonOptions, MarathonOptions>? configure = null, IMarathonStore? store = null)
    {
        MarathonOptions options = (configure ?? (static o => o))(new MarathonOptions
        {
            Master = cluster.Master.EndPoint,
            WorkDir = workDir,
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            HttpCredentials = credentials is null ? null : new BasicCredentialsOption(credentials),
            Log = line => { },
        });
        return store is null ? MarathonHost.StartAsync(options) : MarathonHost.StartAsync(options, store);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        MarathonHost marathon, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(marathon.Url, path));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        bool isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
        JsonElement json = text.Length == 0 || !isJson ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public static async Task<JsonElement> AppAsync(MarathonHost marathon, string id) =>
        (await SendAsync(marathon, HttpMethod.Get, "v2/apps" + id)).Body.GetProperty("app");

    /// <summary>The task id of the app's <c>lastTaskFailure</c>, or null.</summary>
    public static string? LastFailedTask(JsonElement app) =>
        app.TryGetProperty("lastTaskFailure", out JsonElement failure) && failure.ValueKind == JsonValueKind.Object
            ? failure.GetProperty("taskId").GetString()
            : null;

    public static List<string> TaskIds(JsonElement app)
    {
        var ids = new List<string>();
        foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
        {
            if (task.GetProperty("state").GetString() == "TASK_RUNNING")
                ids.Add(task.GetProperty("id").GetString()!);
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>
    /// Waits until <paramref name="appId"/> lists a task of incarnation <paramref name="incarnation"/>
    /// or a later one (a relaunched instance). Later counts too: an instance whose every incarnation
    /// fails its check within a second may be past the awaited one by the next poll on a loaded machine.
    /// </summary>
    public static async Task WaitForIncarnationAsync(MarathonHost marathon, string appId, int incarnation, string what)
    {
        string? last = null;
        try
        {
            await Eventually.Until(async () =>
            {
                JsonElement app = await AppAsync(marathon, appId);
                last = app.GetProperty("tasks").GetRawText();
                foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
                {
                    string id = task.GetProperty("id").GetString()!;
                    int at = id.LastIndexOf("._app.", StringComparison.Ordinal);
                    if (at >= 0 && int.TryParse(id.AsSpan(at + "._app.".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
                        && n >= incarnation)
                        return true;
                }
                return false;
            }, what, TimeSpan.FromSeconds(60));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            // Say why: the tasks Marathon lists and what its launch queue thinks of the app.
            string queue = (await SendAsync(marathon, HttpMethod.Get, "v2/queue")).Body.GetRawText();
            Assert.Fail($"{e.Message}; last tasks: {last}; /v2/queue: {queue}");
        }
    }

    public static async Task WaitForDeploymentsAsync(MarathonHost marathon) =>
        await Eventually.Until(async () => (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.GetArrayLength() == 0,
            "every deployment to finish", TimeSpan.FromSeconds(60));
}
