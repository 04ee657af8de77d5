using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using static FastMesos.Apps.Json.JsonFields;

namespace FastMesos.Apps.Json;

/// <summary>Reads <c>healthChecks</c>, <c>check</c> and <c>readinessChecks</c>, filling Marathon's defaults.</summary>
internal static class CheckJsonReader
{
    public static List<HealthCheck> HealthChecks(JsonElement arr, ErrorCollector errors)
    {
        var list = new List<HealthCheck>(arr.GetArrayLength());
        int i = 0;
        foreach (JsonElement h in arr.EnumerateArray())
        {
            string p = Index("/healthChecks", i++);
            if (h.ValueKind != JsonValueKind.Object)
            {
                errors.Add(p, ExpectedObject);
                continue;
            }
            int protocol = JsonFields.Enum(h, "protocol", p, errors, JsonNames.HealthProtocols);
            int ip = JsonFields.Enum(h, "ipProtocol", p, errors, JsonNames.IpProtocols);
            string? command = null;
            if (Has(h, "command", out JsonElement c))
            {
                // {"value": "..."}; a bare string is tolerated as the same thing.
                if (c.ValueKind == JsonValueKind.Object)
                    command = String(c, "value", p + "/command", errors);
                else if (c.ValueKind == JsonValueKind.String)
                    command = c.GetString();
                else
                    errors.Add(p + "/command", ExpectedObject);
            }
            var defaults = new HealthCheck();
            list.Add(new HealthCheck
            {
                Protocol = protocol < 0 ? HealthCheckProtocol.Http : (HealthCheckProtocol)protocol,
                Path = String(h, "path", p, errors),
                PortIndex = Int(h, "portIndex", p, errors),
                Port = Int(h, "port", p, errors),
                GracePeriodSeconds = Int(h, "gracePeriodSeconds", p, errors) ?? defaults.GracePeriodSeconds,
                IntervalSeconds = Int(h, "intervalSeconds", p, errors) ?? defaults.IntervalSeconds,
                TimeoutSeconds = Int(h, "timeoutSeconds", p, errors) ?? defaults.TimeoutSeconds,
                MaxConsecutiveFailures = Int(h, "maxConsecutiveFailures", p, errors) ?? defaults.MaxConsecutiveFailures,
                DelaySeconds = Int(h, "delaySeconds", p, errors) ?? defaults.DelaySeconds,
                IgnoreHttp1xx = Bool(h, "ignoreHttp1xx", p, errors) ?? false,
                IpProtocol = ip < 0 ? "IPv4" : JsonNames.IpProtocols[ip],
                Command = command,
            });
        }
        return list;
    }

    public static CheckSpec? Check(JsonElement c, ErrorCollector errors)
    {
        const string p = "/check";
        var defaults = new CheckSpec();
        string kind = "";
        int? portIndex = null;
        string? path = null, scheme = null, command = null;
        if (Object(c, "http", p, errors, out JsonElement http))
        {
            kind = "http";
            portIndex = Int(http, "portIndex", p + "/http", errors);
            path = String(http, "path", p + "/http", errors);
            scheme = String(http, "scheme", p + "/http", errors);
        }
        else if (Object(c, "tcp", p, errors, out JsonElement tcp))
        {
            kind = "tcp";
            portIndex = Int(tcp, "portIndex", p + "/tcp", errors);
        }
        else if (Object(c, "exec", p, errors, out JsonElement exec))
        {
            kind = "exec";
            if (Object(exec, "command", p + "/exec", errors, out JsonElement cmd))
                command = String(cmd, "shell", p + "/exec/command", errors);
        }
        return new CheckSpec
        {
            Kind = kind,
            PortIndex = portIndex,
            Path = path,
            Scheme = scheme,
            Command = command,
            IntervalSeconds = Int(c, "intervalSeconds", p, errors) ?? defaults.IntervalSeconds,
            TimeoutSeconds = Int(c, "timeoutSeconds", p, errors) ?? defaults.TimeoutSeconds,
            DelaySeconds = Int(c, "delaySeconds", p, errors) ?? defaults.DelaySeconds,
        };
    }

    public static List<ReadinessCheck> ReadinessChecks(JsonElement arr, ErrorCollector errors)
    {
        var list = new List<ReadinessCheck>(arr.GetArrayLength());
        int i = 0;
        foreach (JsonElement r in arr.EnumerateArray())
        {
            string p = Index("/readinessChecks", i++);
            if (r.ValueKind != JsonValueKind.Object)
            {
                errors.Add(p, ExpectedObject);
                continue;
            }
            var defaults = new ReadinessCheck();
            int protocol = JsonFields.Enum(r, "protocol", p, errors, JsonNames.ReadinessProtocols);
            List<int>? codes = null;
            if (Array(r, "httpStatusCodesForReady", p, errors, out JsonElement ca))
            {
                codes = [];
                int j = 0;
                foreach (JsonElement e in ca.EnumerateArray())
                {
                    int? code = AsInt(e, Index(p + "/httpStatusCodesForReady", j++), errors);
                    if (code is int value)
                        codes.Add(value);
                }
            }
            list.Add(new ReadinessCheck
            {
                Name = String(r, "name", p, errors) ?? defaults.Name,
                Protocol = protocol < 0 ? defaults.Protocol : JsonNames.ReadinessProtocols[protocol],
                Path = String(r, "path", p, errors) ?? defaults.Path,
                PortName = String(r, "portName", p, errors) ?? defaults.PortName,
                IntervalSeconds = Int(r, "intervalSeconds", p, errors) ?? defaults.IntervalSeconds,
                TimeoutSeconds = Int(r, "timeoutSeconds", p, errors) ?? defaults.TimeoutSeconds,
                HttpStatusCodesForReady = codes ?? defaults.HttpStatusCodesForReady,
                PreserveLastResponse = Bool(r, "preserveLastResponse", p, errors) ?? false,
            });
        }
        return list;
    }
}
