namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>Who a probe is for (the instance by its <see cref="Instance.Uuid"/>, its task and which of its checks), handed back with the result.</summary>
internal readonly record struct ProbeTicket(Guid InstanceUuid, string TaskId, int Index);
