using System.Text.Json;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Http;

/// <summary>
/// AppInfo (specs/marathon.md §2 "Response-only"): the app's canonical fields plus the counts
/// (<c>tasksStaged/Running/Healthy/Unhealthy</c>), its deployments and, when embedded, its tasks,
/// its last task failure, its task statistics and its readiness results.
/// Written on the runtime loop from its current state.
/// </summary>
internal static class AppInfoJson
{
    public static void Write(Utf8JsonWriter w, MarathonRuntime runtime, AppDefinition app, AppEmbeds embeds)
    {
        string appId = app.Id.ToString();
        w.WriteStartObject();
        AppJsonWriter.WriteFields(w, app);
        TaskCounts counts = TaskCounts.Of(runtime, appId, static (_, _) => true, app);
        w.WriteNumber("tasksStaged", counts.Staged);
        w.WriteNumber("tasksRunning", counts.Running);
        w.WriteNumber("tasksHealthy", counts.Healthy);
        w.WriteNumber("tasksUnhealthy", counts.Unhealthy);
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
        if ((embeds & AppEmbeds.Tasks) != 0)
        {
            w.WriteStartArray("tasks");
            IReadOnlyList<int> servicePorts = runtime.AppState(appId)?.ServicePorts ?? [];
            foreach (Instance instance in runtime.InstancesOfApp(appId))
            {
                if (instance.State is not null)
                    TaskJson.Write(w, instance, servicePorts, app.Role ?? runtime.Options.MesosRole);
            }
            w.WriteEndArray();
        }
        if ((embeds & AppEmbeds.LastTaskFailure) != 0 && runtime.LastFailureOf(appId) is { } failure)
            WriteFailure(w, failure);
        if ((embeds & AppEmbeds.TaskStats) != 0)
            TaskStatsJson.Write(w, runtime, app);
        if ((embeds & AppEmbeds.Readiness) != 0)
            ReadinessJson.Write(w, runtime.ReadinessResults(appId, null));
        w.WriteEndObject();
    }

    private static void WriteFailure(Utf8JsonWriter w, TaskFailure failure)
    {
        w.WriteStartObject("lastTaskFailure");
        w.WriteString("appId", failure.AppId);
        if (failure.Host is { } host)
            w.WriteString("host", host);
        w.WriteString("message", failure.Message);
        w.WriteString("state", failure.State);
        w.WriteString("taskId", failure.TaskId);
        w.WriteString("timestamp", Timestamps.Format(failure.Timestamp));
        w.WriteString("version", Timestamps.Format(failure.Version));
        if (failure.SlaveId is { } slave)
            w.WriteString("slaveId", slave);
        w.WriteEndObject();
    }
}
