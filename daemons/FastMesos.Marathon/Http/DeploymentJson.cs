using System.Text.Json;
using FastMesos.Apps.Deployments;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Http;

/// <summary>
/// A <c>/v2/deployments</c> element (specs/marathon.md §5.5): id, version, affected apps, every
/// step's actions, the current step's actions and the 1-based <c>currentStep</c>.
/// </summary>
internal static class DeploymentJson
{
    public static void Write(Utf8JsonWriter w, RunningDeployment deployment, MarathonRuntime runtime)
    {
        DeploymentPlan plan = deployment.Plan;
        w.WriteStartObject();
        w.WriteString("id", plan.Id);
        w.WriteString("version", Timestamps.Format(plan.Version));
        w.WriteStartArray("affectedApps");
        foreach (string app in plan.AffectedApps)
            w.WriteStringValue(app);
        w.WriteEndArray();
        w.WriteStartArray("affectedPods");
        w.WriteEndArray();
        WriteSteps(w, plan);
        w.WriteStartArray("currentActions");
        foreach (DeploymentAction action in deployment.CurrentActions)
        {
            w.WriteStartObject();
            w.WriteString("action", action.Name);
            w.WriteString("app", action.AppId);
            ReadinessJson.Write(w, runtime.ReadinessResults(action.AppId, deployment));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("currentStep", Math.Min(deployment.StepIndex + 1, plan.Steps.Count));
        w.WriteNumber("totalSteps", plan.Steps.Count);
        w.WriteEndObject();
    }

    /// <summary><c>"steps":[{"actions":[…]}]</c> of a plan (also the dry-run answer of a group PUT).</summary>
    public static void WriteSteps(Utf8JsonWriter w, DeploymentPlan plan)
    {
        w.WriteStartArray("steps");
        foreach (DeploymentStep step in plan.Steps)
        {
            w.WriteStartObject();
            w.WriteStartArray("actions");
            foreach (DeploymentAction action in step.Actions)
            {
                w.WriteStartObject();
                w.WriteString("action", action.Name);
                w.WriteString("app", action.AppId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
