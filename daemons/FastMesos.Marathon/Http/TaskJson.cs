using System.Text.Json;
using FastMesos.Apps.Health;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Marathon.Http;

/// <summary>
/// Marathon's task JSON (specs/marathon.md §2, "Task JSON"): <c>{id, appId, host, ports,
/// servicePorts, slaveId, state, stagedAt, startedAt, version, ipAddresses, …}</c>, and the
/// <c>text/plain</c> line form of <c>/v2/tasks</c>.
/// </summary>
internal static class TaskJson
{
    public static void Write(Utf8JsonWriter w, Instance instance, IReadOnlyList<int> servicePorts, string role)
    {
        w.WriteStartObject();
        instance.WriteTaskId(w, "id");
        w.WriteString("appId", instance.AppId);
        instance.WriteInstanceId(w, "instanceId");
        if (instance.Host is { } host)
            w.WriteString("host", host);
        w.WriteStartArray("ports");
        foreach (int port in instance.HostPorts)
            w.WriteNumberValue(port);
        w.WriteEndArray();
        w.WriteStartArray("servicePorts");
        foreach (int port in servicePorts)
            w.WriteNumberValue(port);
        w.WriteEndArray();
        if (instance.AgentId is { } agent)
            w.WriteString("slaveId", agent.Value);
        w.WriteString("state", (instance.State ?? TaskState.Staging).WireName());
        if (instance.StagedAt is { } staged)
            w.WriteString("stagedAt", Timestamps.Format(staged));
        if (instance.StartedAt is { } started)
            w.WriteString("startedAt", Timestamps.Format(started));
        w.WriteString("version", Timestamps.Format(instance.AppVersion));
        w.WriteStartArray("ipAddresses");
        if (instance.Host is not null)
        {
            w.WriteStartObject();
            w.WriteString("ipAddress", instance.Host);
            w.WriteString("protocol", "IPv4");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("healthCheckResults");
        foreach (HealthState result in instance.HealthResults ?? [])
        {
            w.WriteStartObject();
            HealthStateJson.WriteFields(w, result);
            instance.WriteInstanceId(w, "instanceId");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("localVolumes");
        w.WriteEndArray();
        w.WriteString("role", role);
        w.WriteEndObject();
    }
}
