using System.Text.Json;
using FastMesos.Apps.Deployments;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>"readinessCheckResults":[{name, taskId, ready, lastResponse?}]</c> (specs/marathon.md §5.4):
/// in <c>/v2/deployments</c> <c>currentActions[]</c> and in AppInfo with <c>embed=apps.readiness</c>.
/// <c>lastResponse{status, contentType, body}</c> appears only when the check preserves it.
/// </summary>
internal static class ReadinessJson
{
    public static void Write(Utf8JsonWriter w, List<ReadinessCheckResult> results)
    {
        w.WriteStartArray("readinessCheckResults");
        foreach (ReadinessCheckResult result in results)
        {
            w.WriteStartObject();
            w.WriteString("name", result.Name);
            w.WriteString("taskId", result.TaskId);
            w.WriteBoolean("ready", result.Ready);
            if (result.LastResponse is { } response)
            {
                w.WriteStartObject("lastResponse");
                w.WriteNumber("status", response.Status);
                w.WriteString("contentType", response.ContentType);
                w.WriteString("body", response.Body);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
