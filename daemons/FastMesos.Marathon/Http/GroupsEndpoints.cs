using System.Text.Json;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>/v2/groups</c> (specs/marathon.md §1.1): the group tree (with <c>embed</c>), create,
/// replace (rollback by version, scaleBy, dry run), patch <c>enforceRole</c>, destroy, and the
/// stored group versions. Group ids contain slashes, so one catch-all route dispatches on the
/// path's suffix; <c>/v2/groups</c> itself is the root group.
/// </summary>
internal static class GroupsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MarathonRuntime runtime, Action<string>? log)
    {
        routes.MapMethods("/v2/groups", ["GET", "POST", "PUT", "DELETE"],
            ctx => ApiHandler.Run(ctx, log, () => DispatchAsync(ctx, runtime, "")));
        routes.MapMethods("/v2/groups/{**rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"],
            ctx => ApiHandler.Run(ctx, log, () => DispatchAsync(ctx, runtime, (string)ctx.Request.RouteValues["rest"]!)));
    }

    private static Task DispatchAsync(HttpContext ctx, MarathonRuntime runtime, string rest)
    {
        string method = ctx.Request.Method;
        rest = rest.Trim('/');
        if (method == "GET")
        {
            // "versions" is a reserved last segment, so it never names a group.
            if (rest == "versions" || rest.EndsWith("/versions", StringComparison.Ordinal))
                return VersionsAsync(ctx, runtime, PathId.Resolve("/" + rest[..^"versions".Length].TrimEnd('/')));
            int versions = rest == "" ? -1 : ("/" + rest).LastIndexOf("/versions/", StringComparison.Ordinal);
            if (versions >= 0)
                return VersionAsync(ctx, runtime, PathId.Resolve("/" + rest[..Math.Max(0, versions - 1)]), rest[(versions + "versions/".Length)..]);
        }

        PathId id = PathId.Resolve("/" + rest);
        return method switch
        {
            "GET" => GetAsync(ctx, runtime, id),
            "POST" => CreateAsync(ctx, runtime, id),
            "PUT" => UpdateAsync(ctx, runtime, id),
            "PATCH" => PatchAsync(ctx, runtime, id),
            "DELETE" => DeleteAsync(ctx, runtime, id),
            _ => ApiResults.Message(ctx, StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        };
    }

    private static Task GetAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        bool any = ctx.Request.Query.ContainsKey("embed");
        bool withGroups = !any, withApps = !any;
        foreach (string? embed in ctx.Request.Query["embed"])
        {
            withGroups |= embed == "group.groups";
            withApps |= embed == "group.apps" || (embed?.StartsWith("group.apps.", StringComparison.Ordinal) ?? false);
        }
        AppEmbeds appEmbeds = AppEmbedsParser.Parse(ctx, AppEmbeds.None, "group.apps.");
        return runtime.QueryAsync(r =>
        {
            Group group = r.Root.FindGroup(id) ?? throw MarathonRuntime.GroupNotFound(id);
            return ApiResults.Json(ctx, 200, (r, group, withGroups, withApps, appEmbeds), static (w, s) =>
                GroupInfoJson.Write(w, s.r, s.group, s.withGroups, s.withApps, s.appEmbeds));
        }).Unwrap();
    }

    private static async Task CreateAsync(HttpContext ctx, MarathonRuntime runtime, PathId at)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        GroupReadResult read = GroupJsonReader.Read(body, at);
        bool force = ApiHandler.Flag(ctx, "force", false);
        (PathId id, DeploymentResult deployment) = await runtime.RunAsync(r => r.CreateGroupAsync(read, force)).ConfigureAwait(false);
        ctx.Response.Headers.Location = "/v2/groups" + id;
        await ApiHandler.Deployment(ctx, StatusCodes.Status201Created, deployment).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        GroupReadResult read = GroupJsonReader.Read(body, id);
        bool force = ApiHandler.Flag(ctx, "force", false);
        bool dryRun = ApiHandler.Flag(ctx, "dryRun", false);
        (DeploymentResult? deployment, DeploymentPlan? plan) = await runtime.RunAsync(r => r.UpdateGroupAsync(id, read, force, dryRun)).ConfigureAwait(false);
        if (plan is not null)
        {
            await ApiResults.Json(ctx, 200, plan, static (w, p) =>
            {
                w.WriteStartObject();
                DeploymentJson.WriteSteps(w, p);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        await ApiHandler.Deployment(ctx, StatusCodes.Status200OK, deployment!).ConfigureAwait(false);
    }

    private static async Task PatchAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        string body = await ApiHandler.BodyAsync(ctx).ConfigureAwait(false);
        bool enforceRole;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("enforceRole", out JsonElement value)
                || value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new ApiException(400, "Only the field 'enforceRole' (a boolean) can be patched.");
            enforceRole = value.GetBoolean();
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException(ValidationFailedException.InvalidJson) { MalformedDetails = e.Message };
        }
        DeploymentResult deployment = await runtime.RunAsync(r => r.PatchGroupAsync(id, enforceRole)).ConfigureAwait(false);
        await ApiHandler.Deployment(ctx, StatusCodes.Status200OK, deployment).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        bool force = ApiHandler.Flag(ctx, "force", false);
        DeploymentResult deployment = await runtime.RunAsync(r => r.DeleteGroupAsync(id, force)).ConfigureAwait(false);
        await ApiHandler.Deployment(ctx, StatusCodes.Status200OK, deployment).ConfigureAwait(false);
    }

    private static async Task VersionsAsync(HttpContext ctx, MarathonRuntime runtime, PathId id)
    {
        IReadOnlyList<DateTimeOffset> versions = await runtime.RunAsync(r => r.GroupVersionsAsync(id)).ConfigureAwait(false);
        await ApiResults.Json(ctx, 200, versions, static (w, v) =>
        {
            w.WriteStartArray();
            foreach (DateTimeOffset version in v)
                w.WriteStringValue(Timestamps.Format(version));
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task VersionAsync(HttpContext ctx, MarathonRuntime runtime, PathId id, string versionText)
    {
        if (!Timestamps.TryParse(versionText, out DateTimeOffset version))
            throw new ApiException(404, $"Group '{id}' does not exist in version {versionText}");
        RenderedJson reply = await runtime.RunAsync(async r =>
        {
            Group group = await r.GroupVersionAsync(id, version).ConfigureAwait(false);
            return ApiResults.Render(200, (r, group), static (w, s) =>
                GroupInfoJson.Write(w, s.r, s.group, withGroups: true, withApps: true, AppEmbeds.None));
        }).ConfigureAwait(false);
        await reply.SendAsync(ctx).ConfigureAwait(false);
    }
}
