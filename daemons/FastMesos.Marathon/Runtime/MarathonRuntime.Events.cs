using System.Text.Json;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Http;
using FastMesos.Messages;
using HealthCheck = FastMesos.Apps.Model.HealthCheck;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Marathon.Runtime;

/// <summary>The events the runtime publishes on <see cref="Events"/> (specs/marathon.md §7), with Marathon's fields.</summary>
public sealed partial class MarathonRuntime
{
    private void PublishSchedulerRegistered(string frameworkId) =>
        Events.Publish("scheduler_registered_event", frameworkId, static (w, id) =>
        {
            w.WriteString("frameworkId", id);
            w.WriteString("master", "");
        });

    private void PublishStatusUpdate(Instance instance, in MesosTaskStatus status)
    {
        var state = (instance, status.State, status.Message, status.AgentId);
        Events.Publish("status_update_event", state, static (w, s) =>
        {
            w.WriteString("slaveId", s.AgentId?.Value ?? s.instance.AgentId?.Value ?? "");
            s.instance.WriteTaskId(w, "taskId");
            w.WriteString("taskStatus", s.State.WireName());
            w.WriteString("message", s.Message ?? "");
            w.WriteString("appId", s.instance.AppId);
            w.WriteString("host", s.instance.Host ?? "");
            w.WriteStartArray("ipAddresses");
            w.WriteEndArray();
            w.WriteStartArray("ports");
            foreach (int port in s.instance.HostPorts)
                w.WriteNumberValue(port);
            w.WriteEndArray();
            w.WriteString("version", Timestamps.Format(s.instance.AppVersion));
        });
        InstanceCondition condition = InstanceConditions.FromTaskState(status.State, status.Reason);
        Events.Publish("instance_changed_event", (instance, condition), static (w, s) =>
        {
            s.instance.WriteInstanceId(w, "instanceId");
            w.WriteString("condition", s.condition.ToString());
            w.WriteString("runSpecId", s.instance.AppId);
            w.WriteString("agentId", s.instance.AgentId?.Value ?? "");
            w.WriteString("host", s.instance.Host ?? "");
            w.WriteString("runSpecVersion", Timestamps.Format(s.instance.AppVersion));
        });
    }

    private void PublishDeployment(string eventType, RunningDeployment deployment, string? reason = null) =>
        Events.Publish(eventType, (deployment, reason, eventType), static (w, s) =>
        {
            if (s.eventType is "deployment_success" or "deployment_failed")
                w.WriteString("id", s.deployment.Plan.Id);
            w.WritePropertyName("plan");
            w.WriteStartObject();
            w.WriteString("id", s.deployment.Plan.Id);
            DeploymentJson.WriteSteps(w, s.deployment.Plan);
            w.WriteString("version", Timestamps.Format(s.deployment.Plan.Version));
            w.WriteEndObject();
            if (s.eventType is "deployment_info" or "deployment_step_success")
            {
                w.WritePropertyName("currentStep");
                w.WriteStartObject();
                w.WriteStartArray("actions");
                foreach (DeploymentAction action in s.deployment.CurrentActions)
                {
                    w.WriteStartObject();
                    w.WriteString("action", action.Name);
                    w.WriteString("app", action.AppId);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (s.reason is not null)
                w.WriteString("reason", s.reason);
        });

    private void PublishGroupChangeSuccess(DeploymentPlan plan) =>
        Events.Publish("group_change_success", plan, static (w, p) =>
        {
            w.WriteString("groupId", "/");
            w.WriteString("version", Timestamps.Format(p.Version));
        });

    private void PublishAppTerminated(string appId) =>
        Events.Publish("app_terminated_event", appId, static (w, id) => w.WriteString("appId", id));

    private void PublishHealthChanged(Instance instance, bool? healthy)
    {
        Events.Publish("instance_health_changed_event", (instance, healthy), static (w, s) =>
        {
            s.instance.WriteInstanceId(w, "instanceId");
            w.WriteString("runSpecId", s.instance.AppId);
            w.WriteString("runSpecVersion", Timestamps.Format(s.instance.AppVersion));
            if (s.healthy is { } h)
                w.WriteBoolean("healthy", h);
            else
                w.WriteNull("healthy");
        });
        if (healthy is { } alive)
        {
            Events.Publish("health_status_changed_event", (instance, alive), static (w, s) =>
            {
                w.WriteString("appId", s.instance.AppId);
                s.instance.WriteInstanceId(w, "instanceId");
                w.WriteString("version", Timestamps.Format(s.instance.AppVersion));
                w.WriteBoolean("alive", s.alive);
            });
        }
    }

    private void PublishFailedHealthCheck(Instance instance, HealthCheck check) =>
        Events.Publish("failed_health_check_event", (instance, check), static (w, s) =>
        {
            w.WriteString("appId", s.instance.AppId);
            s.instance.WriteInstanceId(w, "instanceId");
            w.WritePropertyName("healthCheck");
            WriteHealthCheck(w, s.check);
        });

    private void PublishUnhealthyKill(Instance instance, string? reason) =>
        Events.Publish("unhealthy_instance_kill_event", (instance, reason), static (w, s) =>
        {
            w.WriteString("appId", s.instance.AppId);
            s.instance.WriteTaskId(w, "taskId");
            s.instance.WriteInstanceId(w, "instanceId");
            w.WriteString("version", Timestamps.Format(s.instance.AppVersion));
            w.WriteString("reason", s.reason ?? "");
            w.WriteString("host", s.instance.Host ?? "");
            w.WriteString("slaveId", s.instance.AgentId?.Value ?? "");
        });

    private static void WriteHealthCheck(Utf8JsonWriter w, HealthCheck check)
    {
        w.WriteStartObject();
        w.WriteString("protocol", check.Protocol switch
        {
            HealthCheckProtocol.Https => "HTTPS",
            HealthCheckProtocol.Tcp => "TCP",
            HealthCheckProtocol.MesosHttp => "MESOS_HTTP",
            HealthCheckProtocol.MesosHttps => "MESOS_HTTPS",
            HealthCheckProtocol.MesosTcp => "MESOS_TCP",
            HealthCheckProtocol.Command => "COMMAND",
            _ => "HTTP",
        });
        if (check.Path is { } path)
            w.WriteString("path", path);
        w.WriteNumber("gracePeriodSeconds", check.GracePeriodSeconds);
        w.WriteNumber("intervalSeconds", check.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        w.WriteNumber("maxConsecutiveFailures", check.MaxConsecutiveFailures);
        w.WriteEndObject();
    }
}
