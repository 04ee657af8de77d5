using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>One finished Marathon-level probe on its way from the prober to the runtime loop.</summary>
internal readonly record struct HealthResult(string InstanceId, string TaskId, int Index, HealthCheck Check, bool? Passed, string? Cause);
