using System.Text.Json;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Marathon.Http;

/// <summary>
/// AppInfo (specs/marathon.md §2 "Response-only"): the app's canonical fields plus the counts
/// (<c>tasksStaged/Running/Healthy/Unhealthy</c>), its deployments and, when embedded, its tasks.
/// Written on the runtime loop from its current state.
/// </summary>
internal static class AppInfoJson
{
    public static void Write(Utf8JsonWriter w, MarathonRuntime runtime, AppDefinition app, bool withTasks)
    {
        string appId = app.Id.ToString();
        w.WriteStartObject();
        AppJsonWriter.WriteFields(w, app);
        int staged = 0, running = 0, healthy = 0, unhealthy = 0;
        foreach (Instance instance in runtime.Instances)
        {
            if (instance.AppId != appId || instance.State is not { } state)
                continue;
            if (state is TaskState.Staging or TaskState.Starting)
                staged++;
            else if (state == TaskState.Running)
                running++;
            if (instance.Healthy == true)
                healthy++;
            else if (instance.Healthy == false)
                unhealthy++;
        }
        w.WriteNumber("tasksStaged", staged);
        w.WriteNumber("tasksRunning", running);
        w.WriteNumber("tasksHealthy", healthy);
        w.WriteNumber("tasksUnhealthy", unhealthy);
        w.WriteStartArray("deployments");
        foreach (RunningDeployment deployment in runtime.Deployments)
        {
            if (deployment.Plan.Affects(appId))
            {
                w.WriteStartObject();
                w.WriteString("id", deployment.Plan.Id);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        if (withTasks)
        {
            w.WriteStartArray("tasks");
            IReadOnlyList<int> servicePorts = runtime.AppState(appId)?.ServicePorts ?? [];
            foreach (Instance instance in runtime.Instances)
            {
                if (instance.AppId == appId && instance.State is not null)
                    TaskJson.Write(w, instance, servicePorts, app.Role ?? runtime.Options.MesosRole);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
