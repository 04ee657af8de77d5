namespace FastMesos.Engine;

/// <summary>An executor is identified by framework, agent and executor id.</summary>
internal readonly record struct ExecutorKey(int Framework, int Agent, string ExecutorId);
