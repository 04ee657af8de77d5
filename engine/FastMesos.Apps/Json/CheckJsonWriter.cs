using System.Text.Json;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Json;

/// <summary>Writes health, Mesos and readiness checks with all their fields (the writer half of <see cref="CheckJsonReader"/>).</summary>
internal static class CheckJsonWriter
{
    public static void WriteHealthChecks(Utf8JsonWriter w, IReadOnlyList<HealthCheck> checks)
    {
        w.WriteStartArray("healthChecks");
        foreach (HealthCheck h in checks)
        {
            w.WriteStartObject();
            w.WriteString("protocol", JsonNames.HealthProtocols[(int)h.Protocol]);
            if (h.Path is not null)
                w.WriteString("path", h.Path);
            if (h.PortIndex is int portIndex)
                w.WriteNumber("portIndex", portIndex);
            if (h.Port is int port)
                w.WriteNumber("port", port);
            w.WriteNumber("gracePeriodSeconds", h.GracePeriodSeconds);
            w.WriteNumber("intervalSeconds", h.IntervalSeconds);
            w.WriteNumber("timeoutSeconds", h.TimeoutSeconds);
            w.WriteNumber("maxConsecutiveFailures", h.MaxConsecutiveFailures);
            w.WriteNumber("delaySeconds", h.DelaySeconds);
            w.WriteBoolean("ignoreHttp1xx", h.IgnoreHttp1xx);
            w.WriteString("ipProtocol", h.IpProtocol);
            if (h.Command is not null)
            {
                w.WriteStartObject("command");
                w.WriteString("value", h.Command);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteCheck(Utf8JsonWriter w, CheckSpec c)
    {
        w.WriteStartObject("check");
        if (c.Kind.Length > 0)
        {
            w.WriteStartObject(c.Kind);
            if (c.PortIndex is int portIndex)
                w.WriteNumber("portIndex", portIndex);
            if (c.Path is not null)
                w.WriteString("path", c.Path);
            if (c.Scheme is not null)
                w.WriteString("scheme", c.Scheme);
            if (c.Command is not null)
            {
                w.WriteStartObject("command");
                w.WriteString("shell", c.Command);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteNumber("intervalSeconds", c.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", c.TimeoutSeconds);
        w.WriteNumber("delaySeconds", c.DelaySeconds);
        w.WriteEndObject();
    }

    public static void WriteReadinessChecks(Utf8JsonWriter w, IReadOnlyList<ReadinessCheck> checks)
    {
        w.WriteStartArray("readinessChecks");
        foreach (ReadinessCheck r in checks)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("protocol", r.Protocol);
            w.WriteString("path", r.Path);
            w.WriteString("portName", r.PortName);
            w.WriteNumber("intervalSeconds", r.IntervalSeconds);
            w.WriteNumber("timeoutSeconds", r.TimeoutSeconds);
            w.WriteStartArray("httpStatusCodesForReady");
            foreach (int code in r.HttpStatusCodesForReady)
                w.WriteNumberValue(code);
            w.WriteEndArray();
            w.WriteBoolean("preserveLastResponse", r.PreserveLastResponse);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
