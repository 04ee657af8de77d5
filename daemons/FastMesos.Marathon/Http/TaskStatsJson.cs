using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>taskStats</c> of AppInfo (specs/marathon.md §2): per category — tasks started after the
/// last scaling, tasks of the latest config, of an outdated config, all — the counts and the
/// average and median lifetime of the running ones. Empty categories are left out, as in Marathon.
/// </summary>
internal static class TaskStatsJson
{
    public static void Write(Utf8JsonWriter w, MarathonRuntime runtime, AppDefinition app)
    {
        string appId = app.Id.ToString();
        w.WriteStartObject("taskStats");
        WriteCategory(w, "startedAfterLastScaling", TaskCounts.Of(runtime, appId, static (i, a) =>
            a.VersionInfo?.LastScalingAt is not { } scaled || (i.StagedAt is { } staged && staged >= scaled), app));
        WriteCategory(w, "withLatestConfig", TaskCounts.Of(runtime, appId, static (i, a) => !IsOutdated(i, a), app));
        WriteCategory(w, "withOutdatedConfig", TaskCounts.Of(runtime, appId, IsOutdated, app));
        WriteCategory(w, "totalSummary", TaskCounts.Of(runtime, appId, static (_, _) => true, app));
        w.WriteEndObject();
    }

    // A task runs an outdated config when its version predates the app's last config change.
    private static bool IsOutdated(Instance instance, AppDefinition app) =>
        app.VersionInfo?.LastConfigChangeAt is { } changed && instance.AppVersion < changed;

    private static void WriteCategory(Utf8JsonWriter w, string name, TaskCounts counts)
    {
        if (counts.IsEmpty)
            return;
        w.WriteStartObject(name);
        w.WriteStartObject("stats");
        w.WriteStartObject("counts");
        w.WriteNumber("staged", counts.Staged);
        w.WriteNumber("running", counts.Running);
        w.WriteNumber("healthy", counts.Healthy);
        w.WriteNumber("unhealthy", counts.Unhealthy);
        w.WriteEndObject();
        if (counts.LifeTimes.Count > 0)
        {
            List<double> times = counts.LifeTimes;
            times.Sort();
            double sum = 0;
            foreach (double t in times)
                sum += t;
            int mid = times.Count / 2;
            double median = times.Count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
            w.WriteStartObject("lifeTime");
            w.WriteNumber("averageSeconds", sum / times.Count);
            w.WriteNumber("medianSeconds", median);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
