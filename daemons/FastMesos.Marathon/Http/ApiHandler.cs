using System.Text.Json;
using FastMesos.Apps.Validation;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Http;

/// <summary>
/// Runs an endpoint and turns the runtime's refusals into Marathon's error bodies: 400/422 for
/// <see cref="ValidationFailedException"/>, the status of an <see cref="ApiException"/> (with
/// <c>deployments</c> for a locked app). Anything else is a 500 with its message, logged; the
/// daemon keeps serving.
/// </summary>
internal static class ApiHandler
{
    public static async Task Run(HttpContext ctx, Action<string>? log, Func<Task> endpoint)
    {
        try
        {
            await endpoint().ConfigureAwait(false);
        }
        catch (ValidationFailedException e) when (e.MalformedDetails is { } details)
        {
            await ApiResults.InvalidJson(ctx, details).ConfigureAwait(false);
        }
        catch (ValidationFailedException e)
        {
            var details = new List<(string, IReadOnlyList<string>)>(e.Errors.Count);
            foreach (ValidationError error in e.Errors)
                details.Add((error.Path, error.Errors));
            await ApiResults.Invalid(ctx, e.Message, details).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Deployments.Count > 0)
        {
            await ApiResults.Json(ctx, e.Status, e, static (w, ex) =>
            {
                w.WriteStartObject();
                w.WriteString("message", ex.Message);
                w.WriteStartArray("deployments");
                foreach (string id in ex.Deployments)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await ApiResults.Message(ctx, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
        {
            log?.Invoke($"E {ctx.Request.Method} {ctx.Request.Path} failed: {e}");
            await ApiResults.Message(ctx, StatusCodes.Status500InternalServerError, e.Message).ConfigureAwait(false);
        }
    }

    public static async Task<string> BodyAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        return await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    public static bool Flag(HttpContext ctx, string name, bool fallback) =>
        ctx.Request.Query.TryGetValue(name, out var v) ? !string.Equals(v.ToString(), "false", StringComparison.OrdinalIgnoreCase) : fallback;

    public static Task Deployment(HttpContext ctx, int status, DeploymentResult result)
    {
        ctx.Response.Headers["Marathon-Deployment-Id"] = result.DeploymentId;
        return ApiResults.Json(ctx, status, result, static (w, r) =>
        {
            w.WriteStartObject();
            w.WriteString("deploymentId", r.DeploymentId);
            w.WriteString("version", Timestamps.Format(r.Version));
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The killed tasks as DELETE /v2/apps/{id}/tasks[/{taskId}] and POST /v2/tasks/delete answer
    /// them (one named task as <c>task</c>, else <c>tasks</c>), rendered on the loop.
    /// </summary>
    public static RenderedJson KilledTasks(MarathonRuntime runtime, IReadOnlyList<Instance> killed, string? taskId) =>
        ApiResults.Render(200, (r: runtime, killed, taskId), static (w, s) =>
        {
            w.WriteStartObject();
            if (s.taskId is not null && s.killed.Count == 1)
            {
                w.WritePropertyName("task");
                AppRuntimeState? app = s.r.AppState(s.killed[0].AppId);
                TaskJson.Write(w, s.killed[0], app?.ServicePorts ?? [], app?.App.Role ?? s.r.Options.MesosRole);
            }
            else
            {
                ApiHandler.WriteTasks(w, s.r, s.killed, "tasks");
            }
            w.WriteEndObject();
        });

    public static void WriteTasks(Utf8JsonWriter w, MarathonRuntime runtime, IEnumerable<Instance> instances, string property)
    {
        w.WriteStartArray(property);
        foreach (Instance instance in instances)
        {
            AppRuntimeState? app = runtime.AppState(instance.AppId);
            TaskJson.Write(w, instance, app?.ServicePorts ?? [], app?.App.Role ?? runtime.Options.MesosRole);
        }
        w.WriteEndArray();
    }
}
