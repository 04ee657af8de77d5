using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>One finished Marathon-level probe on its way from the prober to the runtime loop (the instance by its <see cref="Instance.Uuid"/>).</summary>
internal readonly record struct HealthResult(Guid InstanceUuid, string TaskId, int Index, HealthCheck Check, bool? Passed, string? Cause);
