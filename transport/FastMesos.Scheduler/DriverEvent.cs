using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler;

/// <summary>
/// One event waiting for the callback thread. <see cref="Payload"/> holds the event object (or the
/// text of an error or disconnect); a status travels in <see cref="Status"/> so it is not boxed.
/// </summary>
internal readonly record struct DriverEvent(DriverEventKind Kind, object? Payload, MesosTaskStatus Status = default);
