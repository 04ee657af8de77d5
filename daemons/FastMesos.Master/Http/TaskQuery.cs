namespace FastMesos.Master.Http;

/// <summary>The filters of <c>/master/tasks</c> (Mesos: limit 100, offset 0, order asc, framework_id, task_id).</summary>
internal readonly record struct TaskQuery(int Limit, int Offset, bool Descending, string FrameworkId, string TaskId);
