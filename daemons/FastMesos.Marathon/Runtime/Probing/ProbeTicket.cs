namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>Who a probe is for (the instance, its task and which of its checks), handed back with the result.</summary>
internal readonly record struct ProbeTicket(string InstanceId, string TaskId, int Index);
