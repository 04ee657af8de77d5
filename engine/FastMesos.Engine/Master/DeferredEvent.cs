using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// A scheduler event held until the registry version that justifies it is stored: the updates and
/// the FAILURE of an agent marked unreachable (Mesos sends them only after the registrar recorded
/// the agent as unreachable). <see cref="FrameworkId"/> names the receiver of an <see cref="Update"/>;
/// a <see cref="Failure"/> goes to every framework subscribed when it is released.
/// </summary>
internal readonly record struct DeferredEvent(long Version, string? FrameworkId, UpdateEvent? Update, FailureEvent? Failure);
