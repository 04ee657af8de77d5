using System.Text.Json;
using FastMesos.Apps.Json;
using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// The rest of the v2 API (specs/marathon.md §1.1): <c>/ping</c>, <c>/v2/info</c>,
/// <c>/v2/leader</c>, <c>/v2/deployments</c>, <c>/v2/queue</c>, <c>/v2/tasks</c>,
/// <c>/v2/tasks/delete</c>; it also maps <see cref="GroupsEndpoints"/>.
/// </summary>
internal static class SystemEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime, Func<string> leader, Action<string>? log)
    {
        routes.MapGet("/ping", static ctx =>
        {
            ctx.Response.ContentType = "text/plain";
            return ctx.Response.WriteAsync("pong");
        });
        routes.MapGet("/v2/leader", ctx => ApiResults.Json(ctx, 200, leader(), static (w, l) =>
        {
            w.WriteStartObject();
            w.WriteString("leader", l);
            w.WriteEndObject();
        }));
        routes.MapGet("/v2/info", ctx => ApiHandler.Run(ctx, log, () => InfoAsync(ctx, runtime, leader())));
        routes.MapGet("/v2/deployments", ctx => ApiHandler.Run(ctx, log, () => runtime.QueryAsync(r =>
            ApiResults.Json(ctx, 200, r, static (w, rt) =>
            {
                w.WriteStartArray();
                foreach (RunningDeployment deployment in rt.Deployments)
                    DeploymentJson.Write(w, deployment, rt);
                w.WriteEndArray();
            })).Unwrap()));
        routes.MapDelete("/v2/deployments/{id}", ctx => ApiHandler.Run(ctx, log, () => CancelDeploymentAsync(ctx, runtime)));
        routes.MapGet("/v2/queue", ctx => ApiHandler.Run(ctx, log, () => runtime.QueryAsync(r => ApiResults.Json(ctx, 200, r, WriteQueue)).Unwrap()));
        routes.MapDelete("/v2/queue/{**rest}", ctx => ApiHandler.Run(ctx, log, async () =>
        {
            string rest = ((string)ctx.Request.RouteValues["rest"]!).TrimEnd('/');
            if (!rest.EndsWith("/delay", StringComparison.Ordinal))
                throw new ApiException(404, "Not found");
            string appId = PathId.Resolve(rest[..^"/delay".Length]).ToString();
            if (!await runtime.QueryAsync(r => r.ResetDelay(appId)).ConfigureAwait(false))
                throw new ApiException(404, $"Application {appId} not found in tasks queue.");
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        }));
        routes.MapGet("/v2/tasks", ctx => ApiHandler.Run(ctx, log, () => TasksAsync(ctx, runtime)));
        routes.MapPost("/v2/tasks/delete", ctx => ApiHandler.Run(ctx, log, () => DeleteTasksAsync(ctx, runtime)));
        GroupsEndpoints.Map(routes, runtime, log);
        EventsEndpoints.Map(routes, runtime);
        EventSubscriptionsEndpoints.Map(routes, runtime, log);
    }

    private static async Task CancelDeploymentAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        string id = (string)ctx.Request.RouteValues["id"]!;
        bool force = ApiHandler.Flag(ctx, "force", false);
        DeploymentResult? rollback = await runtime.RunAsync(r => r.CancelDeploymentAsync(id, force)).ConfigureAwait(false);
        if (rollback is null)
            ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        else
            await ApiHandler.Deployment(ctx, 200, rollback).ConfigureAwait(false);
    }

    private static Task InfoAsync(HttpContext ctx, MarathonRuntime runtime, string leader)
    {
        MarathonOptionsView view = new(runtime.Options, runtime.FrameworkId, leader);
        return ApiResults.Json(ctx, 200, view, static (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("name", "marathon");
            w.WriteString("version", "1.10.0-fastmesos");
            w.WriteString("buildref", "fastmesos");
            w.WriteBoolean("elected", true);
            w.WriteString("leader", v.Leader);
            if (v.FrameworkId is { } id)
                w.WriteString("frameworkId", id);
            else
                w.WriteNull("frameworkId");
            w.WriteStartObject("marathon_config");
            w.WriteString("master", v.Options.MasterLocator is null ? v.Options.Master?.ToString() : "zk");
            w.WriteString("framework_name", v.Options.FrameworkName);
            w.WriteString("mesos_role", v.Options.MesosRole);
            w.WriteNumber("failover_timeout", v.Options.FailoverTimeoutSeconds);
            w.WriteString("hostname", v.Options.Hostname);
            w.WriteNumber("local_port_min", v.Options.LocalPortMin);
            w.WriteNumber("local_port_max", v.Options.LocalPortMax);
            w.WriteNumber("max_instances_per_offer", v.Options.MaxInstancesPerOffer);
            w.WriteNumber("launch_tokens", v.Options.LaunchTokens);
            w.WriteNumber("task_launch_timeout", (long)v.Options.TaskLaunchTimeout.TotalMilliseconds);
            w.WriteNumber("reconciliation_initial_delay", (long)v.Options.ReconciliationInitialDelay.TotalMilliseconds);
            w.WriteNumber("reconciliation_interval", (long)v.Options.ReconciliationInterval.TotalMilliseconds);
            w.WriteNumber("decline_offer_duration", (long)v.Options.DeclineOfferDuration.TotalMilliseconds);
            w.WriteNumber("min_revive_offers_interval", (long)v.Options.MinReviveOffersInterval.TotalMilliseconds);
            w.WriteNumber("max_running_deployments", v.Options.MaxRunningDeployments);
            w.WriteEndObject();
            w.WriteStartObject("zookeeper_config");
            if (v.Options.ZooKeeperUrl is { } zk)
            {
                w.WriteString("zk", WithoutPassword(zk));
                w.WriteNumber("zk_session_timeout", (long)v.Options.ZooKeeperSessionTimeout.TotalMilliseconds);
            }
            w.WriteBoolean("disable_ha", v.Options.ZooKeeperUrl is null || v.Options.DisableHa);
            w.WriteNumber("zk_max_versions", v.Options.MaxVersions);
            w.WriteEndObject();
            w.WriteStartObject("http_config");
            w.WriteNumber("http_port", v.Options.HttpEndPoint.Port);
            w.WriteEndObject();
            // Marathon's info names the callback module and its startup endpoints; null when it is off.
            if (v.Options.HttpCallbacks)
            {
                w.WriteStartObject("event_subscriber");
                w.WriteString("type", "http_callback");
                w.WriteStartArray("http_endpoints");
                foreach (string url in v.Options.HttpEndpoints)
                    w.WriteStringValue(url);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("event_subscriber");
            }
            w.WriteEndObject();
        });
    }

    /// <summary>A zk:// URL as /v2/info shows it: digest password masked.</summary>
    private static string WithoutPassword(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.IndexOf('@', StringComparison.Ordinal);
        int colon = scheme < 0 || at < 0 ? -1 : url.IndexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url[..(colon + 1)] + "********" + url[at..];
    }

    private sealed record MarathonOptionsView(Cli.MarathonOptions Options, string? FrameworkId, string Leader);

    private static void WriteQueue(Utf8JsonWriter w, MarathonRuntime runtime)
    {
        var waiting = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (Instance instance in runtime.Instances)
        {
            if (instance.IsScheduled && instance.Goal == InstanceGoal.Running)
                waiting[instance.AppId] = waiting.GetValueOrDefault(instance.AppId) + 1;
        }
        // Instances a deployment has still to create wait for launch as well.
        foreach ((string appId, int pending) in runtime.PendingStarts())
            waiting[appId] = waiting.GetValueOrDefault(appId) + pending;
        w.WriteStartObject();
        w.WriteStartArray("queue");
        foreach ((string appId, int count) in waiting)
        {
            AppRuntimeState? app = runtime.AppState(appId);
            if (app is null)
                continue;
            w.WriteStartObject();
            w.WritePropertyName("app");
            AppJsonWriter.Write(w, app.App);
            w.WriteNumber("count", count);
            w.WriteString("role", app.App.Role ?? runtime.Options.MesosRole);
            Apps.Launching.QueueDelay delay = runtime.QueueDelayOf(appId, app.App.Version ?? runtime.UtcNow);
            w.WriteStartObject("delay");
            w.WriteNumber("timeLeftSeconds", delay.TimeLeftSeconds);
            w.WriteBoolean("overdue", delay.Overdue);
            w.WriteEndObject();
            w.WriteString("since", Timestamps.Format(app.QueuedSince ?? runtime.UtcNow));
            WriteSummary(w, app.LastOffers);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, RejectSummary summary)
    {
        w.WriteStartObject("processedOffersSummary");
        w.WriteNumber("processedOffersCount", summary.ProcessedOffersCount);
        w.WriteNumber("unusedOffersCount", summary.UnusedOffersCount);
        if (summary.LastUnusedOfferAt is { } unused)
            w.WriteString("lastUnusedOfferAt", Timestamps.Format(unused));
        if (summary.LastUsedOfferAt is { } used)
            w.WriteString("lastUsedOfferAt", Timestamps.Format(used));
        w.WriteStartArray("rejectSummaryLastOffers");
        for (var reason = (NoMatchReason)0; reason < NoMatchReason.None; reason++)
        {
            w.WriteStartObject();
            w.WriteString("reason", reason.ToString());
            w.WriteNumber("declined", summary.Declined(reason));
            w.WriteNumber("processed", summary.Processed(reason));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Task TasksAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        var states = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string? s in ctx.Request.Query["status"])
            if (s is not null) states.Add(s);
        foreach (string? s in ctx.Request.Query["status[]"])
            if (s is not null) states.Add(s);
        bool plain = ctx.Request.Headers.Accept.ToString().Contains("text/plain", StringComparison.Ordinal);
        return runtime.QueryAsync(r =>
        {
            var instances = new List<Instance>();
            foreach (Instance instance in r.Instances)
            {
                if (instance.State is not { } state)
                    continue;
                bool running = state == Messages.TaskState.Running;
                bool staging = state is Messages.TaskState.Staging or Messages.TaskState.Starting;
                if (states.Count > 0 && !(states.Contains("running") && running) && !(states.Contains("staging") && staging))
                    continue;
                if (plain && !running)
                    continue;
                instances.Add(instance);
            }
            if (plain)
                return PlainTasksAsync(ctx, r, instances);
            return ApiResults.Json(ctx, 200, (r, instances), static (w, s) =>
            {
                w.WriteStartObject();
                ApiHandler.WriteTasks(w, s.r, s.instances, "tasks");
                w.WriteEndObject();
            });
        }).Unwrap();
    }

    /// <summary><c>Accept: text/plain</c>: one line per app and service port, <c>appId servicePort host:port …</c> (tab-separated).</summary>
    private static Task PlainTasksAsync(HttpContext ctx, MarathonRuntime runtime, List<Instance> instances)
    {
        var text = new System.Text.StringBuilder();
        var byApp = new SortedDictionary<string, List<Instance>>(StringComparer.Ordinal);
        foreach (Instance instance in instances)
        {
            if (!byApp.TryGetValue(instance.AppId, out List<Instance>? list))
                byApp[instance.AppId] = list = [];
            list.Add(instance);
        }
        foreach ((string appId, List<Instance> list) in byApp)
        {
            IReadOnlyList<int> servicePorts = runtime.AppState(appId)?.ServicePorts ?? [];
            for (int p = 0; p < servicePorts.Count; p++)
            {
                text.Append(appId.TrimStart('/').Replace('/', '_')).Append('\t').Append(servicePorts[p]);
                foreach (Instance instance in list)
                {
                    if (p < instance.HostPorts.Count)
                        text.Append('\t').Append(instance.Host).Append(':').Append(instance.HostPorts[p]);
                }
                text.Append('\n');
            }
        }
        ctx.Response.ContentType = "text/plain";
        return ctx.Response.WriteAsync(text.ToString());
    }

    private static async Task DeleteTasksAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        bool scale = ApiHandler.Flag(ctx, "scale", false);
        bool wipe = ApiHandler.Flag(ctx, "wipe", false);
        bool force = ApiHandler.Flag(ctx, "force", false);
        if (scale && wipe)
            throw new ApiException(400, "You cannot use scale and wipe at the same time.");
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        var ids = new List<string>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            foreach (JsonElement id in document.RootElement.GetProperty("ids").EnumerateArray())
                ids.Add(id.GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ValidationFailedException(ValidationFailedException.InvalidJson) { MalformedDetails = e.Message };
        }
        foreach (string id in ids)
        {
            if (Instance.InstanceIdOf(id) is null)
                throw new ApiException(400, $"Invalid task id '{id}'. [{id}] is not a valid task id.");
        }
        (DeploymentResult? deployment, RenderedJson? reply) = await runtime.RunAsync(async r =>
        {
            var set = new HashSet<string>(ids, StringComparer.Ordinal);
            var targets = new List<Instance>();
            foreach (Instance instance in r.Instances)
            {
                if (instance.State is not null && set.Contains(instance.TaskId))
                    targets.Add(instance);
            }
            (IReadOnlyList<Instance> killed, DeploymentResult? deployment) = await r.KillTasksAsync(targets, scale, wipe, force).ConfigureAwait(false);
            // Rendered in the call's own work item (RenderedJson).
            return deployment is not null ? (deployment, null) : ((DeploymentResult?)null, ApiHandler.KilledTasks(r, killed, taskId: null));
        }).ConfigureAwait(false);
        if (deployment is not null)
            await ApiHandler.Deployment(ctx, 200, deployment).ConfigureAwait(false);
        else
            await reply!.SendAsync(ctx).ConfigureAwait(false);
    }
}
