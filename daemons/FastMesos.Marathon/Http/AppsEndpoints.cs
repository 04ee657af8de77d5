using System.Text.Json;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>/v2/apps</c> (specs/marathon.md §1.1): list with cmd/id/label filters, create, get, create-or-
/// update (partial by default, rollback by version), patch, delete, restart, the app's tasks
/// (list, kill with host/scale/wipe) and its stored versions. App ids contain slashes, so one
/// catch-all route dispatches on the path's suffix.
/// </summary>
internal static class AppsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime, Action<string>? log)
    {
        routes.MapGet("/v2/apps", ctx => ApiHandler.Run(ctx, log, () => ListAsync(ctx, runtime)));
        routes.MapPost("/v2/apps", ctx => ApiHandler.Run(ctx, log, () => CreateAsync(ctx, runtime)));
        routes.MapMethods("/v2/apps", ["PUT", "PATCH"], ctx => ApiHandler.Run(ctx, log, () => BatchUpdateAsync(ctx, runtime)));
        routes.MapMethods("/v2/apps/{**rest}", ["GET", "PUT", "PATCH", "DELETE", "POST"],
            ctx => ApiHandler.Run(ctx, log, () => DispatchAsync(ctx, runtime, (string)ctx.Request.RouteValues["rest"]!)));
    }

    private static Task ListAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        string? cmd = ctx.Request.Query["cmd"].FirstOrDefault();
        string? id = ctx.Request.Query["id"].FirstOrDefault();
        LabelSelector? selector = null;
        if (ctx.Request.Query["label"].FirstOrDefault() is { } label && !LabelSelector.TryParse(label, out selector, out string? error))
            throw new ApiException(400, error!);
        AppEmbeds embeds = AppEmbedsParser.Parse(ctx);
        return runtime.QueryAsync(r =>
        {
            var apps = new List<AppDefinition>();
            foreach (AppDefinition app in r.Root.TransitiveApps())
            {
                if (cmd is not null && (app.Cmd is null || !app.Cmd.Contains(cmd, StringComparison.OrdinalIgnoreCase)))
                    continue;
                if (id is not null && !app.Id.ToString().Contains(id, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (selector is not null && !selector.Matches(app.Labels))
                    continue;
                apps.Add(app);
            }
            apps.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return ApiResults.Json(ctx, 200, (r, apps, embeds), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("apps");
                foreach (AppDefinition app in s.apps)
                    AppInfoJson.Write(w, s.r, app, s.embeds);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }).Unwrap();
    }

    /// <summary><c>api_post_event</c>: an app created or changed through the API (specs/marathon.md §7).</summary>
    private static void PublishApiPost(HttpContext ctx, MarathonRuntime runtime, AppDefinition app) =>
        runtime.Events.Publish("api_post_event", (ctx.Connection.RemoteIpAddress?.ToString() ?? "", ctx.Request.Path.ToString(), app),
            static (w, s) =>
            {
                w.WriteString("clientIp", s.Item1);
                w.WriteString("uri", s.Item2);
                w.WritePropertyName("appDefinition");
                AppJsonWriter.Write(w, s.app);
            });

    private static async Task CreateAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        AppDefinition app = MarathonRuntime.Valid(AppJsonReader.Read(body));
        bool force = ApiHandler.Flag(ctx, "force", false);
        // Stored with the POSTs and PUTs queued with it (a deploy batch); the answer is rendered in
        // the batch, right after this call's change is applied (RenderedJson).
        (AppDefinition stored, DeploymentResult deployment, RenderedJson reply) = await runtime.RunDeployAsync(async r =>
        {
            (AppDefinition stored, DeploymentResult deployment) = await r.CreateAppAsync(app, force).ConfigureAwait(false);
            return (stored, deployment, ApiResults.Render(StatusCodes.Status201Created, (r, stored), static (w, s) =>
                AppInfoJson.Write(w, s.r, s.stored, AppEmbeds.None)));
        }).ConfigureAwait(false);
        PublishApiPost(ctx, runtime, stored);
        ctx.Response.Headers.Location = "/v2/apps" + stored.Id;
        ctx.Response.Headers["Marathon-Deployment-Id"] = deployment.DeploymentId;
        await reply.SendAsync(ctx).ConfigureAwait(false);
    }

    /// <summary>
    /// PUT/PATCH /v2/apps: a JSON array of apps, each created or updated like PUT/PATCH
    /// /v2/apps/{id}, in one deployment; PATCH fails the whole call when one id is unknown.
    /// </summary>
    private static async Task BatchUpdateAsync(HttpContext ctx, MarathonRuntime runtime)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        bool patch = ctx.Request.Method == "PATCH";
        bool partial = patch || ApiHandler.Flag(ctx, "partialUpdate", true);
        bool force = ApiHandler.Flag(ctx, "force", false);
        var updates = new List<(PathId, Func<AppDefinition?, AppReadResult>)>();
        foreach ((PathId id, string json) in BatchItems(body))
        {
            updates.Add((id, existing => existing is not null && patch
                ? AppJsonReader.ReadPatch(existing, json)
                : AppJsonReader.ReadUpdate(existing, id, json, partial)));
        }
        DeploymentResult deployment = await runtime.RunAsync(r => r.UpdateAppsAsync(updates, force, mustExist: patch)).ConfigureAwait(false);
        await ApiHandler.Deployment(ctx, StatusCodes.Status200OK, deployment).ConfigureAwait(false);
    }

    /// <summary>The apps of a batch body, each with its absolute id and its own JSON text.</summary>
    private static List<(PathId Id, string Json)> BatchItems(string body)
    {
        var items = new List<(PathId, string)>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException(ValidationFailedException.InvalidJson) { MalformedDetails = e.Message };
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new ValidationFailedException(ValidationFailedException.InvalidJson, [new ValidationError("/", ["error.expected.jsarray"])]);
            int i = 0;
            foreach (JsonElement app in doc.RootElement.EnumerateArray())
            {
                string path = $"/({i++})/id";
                if (app.ValueKind != JsonValueKind.Object || !app.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String)
                    throw new ValidationFailedException(ValidationFailedException.InvalidJson, [new ValidationError(path, ["error.path.missing"])]);
                items.Add((PathId.Resolve(id.GetString()!), app.GetRawText()));
            }
        }
        return items;
    }

    private static Task DispatchAsync(HttpContext ctx, MarathonRuntime runtime, string rest)
    {
        string method = ctx.Request.Method;
        rest = rest.TrimEnd('/');
        if (method == "POST" && rest.EndsWith("/restart", StringComparison.Ordinal))
            return RestartAsync(ctx, runtime, PathId.Resolve(rest[..^"/restart".Length]));
        int tasks = rest.LastIndexOf("/tasks", StringComparison.Ordinal);
        if (tasks > 0 && (rest.Length == tasks + 6 || rest[tasks + 6] == '/'))
        {
            PathId appId = PathId.Resolve(rest[..tasks]);
            string? taskId = rest.Length > tasks + 7 ? rest[(tasks + 7)..] : null;
            return method switch
            {
                "GET" when taskId is null => AppTasksAsync(ctx, runtime, appId),
                "DELETE" => KillAsync(ctx, runtime, appId, taskId),
                _ => ApiResults.Message(ctx, StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
            };
        }
        int versions = rest.LastIndexOf("/versions", StringComparison.Ordinal);
        if (method == "GET" && versions > 0 && (rest.Length == versions + 9 || rest[versions + 9] == '/'))
        {
            PathId appId = PathId.Resolve(rest[..versions]);
            return rest.Length == versions + 9
                ? VersionsAsync(ctx, runtime, appId)
                : VersionAsync(ctx, runtime, appId, rest[(versions + 10)..]);
        }

        PathId id = PathId.Resolve(rest);
        return method switch
        {
            "GET" => GetAsync(ctx, runtime, id),
            "PUT" => UpdateAsync(ctx, runtime, id, patch: false),
            "PATCH" => UpdateAsync(ctx, runtime, id, patch: true),
            "DELETE" => DeleteAsync(ctx, runtime, id),
            _ => ApiResults.Message(ctx, StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        };
    }

    private static Task GetAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        AppEmbeds embeds = AppEmbedsParser.Parse(ctx, AppEmbeds.Tasks | AppEmbeds.LastTaskFailure);
        return runtime.QueryAsync(r =>
        {
            AppDefinition app = r.Root.App(id) ?? throw ApiException.AppNotFound(id.ToString());
            return ApiResults.Json(ctx, 200, (r, app, embeds), static (w, s) =>
            {
                w.WriteStartObject();
                w.WritePropertyName("app");
                AppInfoJson.Write(w, s.r, s.app, s.embeds);
                w.WriteEndObject();
            });
        }).Unwrap();
    }

    private static async Task UpdateAsync(HttpContext ctx, MarathonRuntime runtime, PathId id, bool patch)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        bool partial = patch || ApiHandler.Flag(ctx, "partialUpdate", true);
        bool force = ApiHandler.Flag(ctx, "force", false);
        (bool created, DeploymentResult deployment, AppDefinition? updated) = await runtime.RunDeployAsync(async r =>
        {
            (bool created, DeploymentResult deployment) = await r.UpdateAppAsync(id,
                existing => existing is not null && patch ? AppJsonReader.ReadPatch(existing, body) : AppJsonReader.ReadUpdate(existing, id, body, partial),
                force, mustExist: patch).ConfigureAwait(false);
            return (created, deployment, r.Root.App(id));
        }).ConfigureAwait(false);
        if (created)
            ctx.Response.Headers.Location = "/v2/apps" + id;
        if (updated is not null)
            PublishApiPost(ctx, runtime, updated);
        await ApiHandler.Deployment(ctx, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, deployment).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        bool force = ApiHandler.Flag(ctx, "force", true);
        DeploymentResult deployment = await runtime.RunAsync(r => r.DeleteAppAsync(id, force)).ConfigureAwait(false);
        await ApiHandler.Deployment(ctx, 200, deployment).ConfigureAwait(false);
    }

    private static async Task RestartAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        bool force = ApiHandler.Flag(ctx, "force", false);
        DeploymentResult deployment = await runtime.RunAsync(r => r.RestartAppAsync(id, force)).ConfigureAwait(false);
        await ApiHandler.Deployment(ctx, 200, deployment).ConfigureAwait(false);
    }

    private static Task AppTasksAsync(HttpContext ctx, MarathonRuntime runtime, PathId id) =>
        runtime.QueryAsync(r =>
        {
            if (r.Root.App(id) is null)
                throw ApiException.AppNotFound(id.ToString());
            string appId = id.ToString();
            var instances = new List<Instance>();
            foreach (Instance instance in r.InstancesOfApp(appId))
            {
                if (instance.State is not null)
                    instances.Add(instance);
            }
            return ApiResults.Json(ctx, 200, (r, instances), static (w, s) =>
            {
                w.WriteStartObject();
                ApiHandler.WriteTasks(w, s.r, s.instances, "tasks");
                w.WriteEndObject();
            });
        }).Unwrap();

    private static async Task KillAsync(HttpContext ctx, MarathonRuntime runtime, PathId id, string? taskId)
    {
        bool scale = ApiHandler.Flag(ctx, "scale", false);
        bool wipe = ApiHandler.Flag(ctx, "wipe", false);
        bool force = ApiHandler.Flag(ctx, "force", false);
        if (scale && wipe)
            throw new ApiException(400, "You cannot use scale and wipe at the same time.");
        string? host = ctx.Request.Query["host"].FirstOrDefault();
        (DeploymentResult? deployment, RenderedJson? reply) = await runtime.RunAsync(async r =>
        {
            if (r.Root.App(id) is null)
                throw ApiException.AppNotFound(id.ToString());
            string appId = id.ToString();
            var targets = new List<Instance>();
            foreach (Instance instance in r.InstancesOfApp(appId))
            {
                if (instance.State is null)
                    continue;
                if (taskId is not null && !instance.IsTask(taskId))
                    continue;
                if (host is not null && instance.Host != host)
                    continue;
                targets.Add(instance);
            }
            if (taskId is not null && targets.Count == 0)
                throw new ApiException(404, $"Task '{taskId}' does not exist");
            (IReadOnlyList<Instance> killed, DeploymentResult? deployment) = await r.KillTasksAsync(targets, scale, wipe, force).ConfigureAwait(false);
            return deployment is not null ? (deployment, null) : ((DeploymentResult?)null, ApiHandler.KilledTasks(r, killed, taskId));
        }).ConfigureAwait(false);

        if (deployment is not null)
            await ApiHandler.Deployment(ctx, 200, deployment).ConfigureAwait(false);
        else
            await reply!.SendAsync(ctx).ConfigureAwait(false);
    }

    private static async Task VersionsAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        IReadOnlyList<DateTimeOffset> versions = await runtime.RunAsync(r =>
            r.Root.App(id) is null ? throw ApiException.AppNotFound(id.ToString()) : r.VersionsAsync(id)).ConfigureAwait(false);
        await ApiResults.Json(ctx, 200, versions, static (w, v) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("versions");
            foreach (DateTimeOffset version in v)
                w.WriteStringValue(Timestamps.Format(version));
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task VersionAsync(HttpContext ctx, MarathonRuntime runtime, PathId id, string versionText)
    {
        if (!Timestamps.TryParse(versionText, out DateTimeOffset version))
            throw new ApiException(404, $"App '{id}' does not exist in version {versionText}");
        AppDefinition app = await runtime.RunAsync(r => r.ReadVersionAsync(id, version)).ConfigureAwait(false)
            ?? throw new ApiException(404, $"App '{id}' does not exist in version {versionText}");
        await ApiResults.Json(ctx, 200, app, static (w, a) => AppJsonWriter.Write(w, a)).ConfigureAwait(false);
    }
}
