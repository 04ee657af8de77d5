using System.Net;
using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;

namespace FastMesos.Agent.Cli;

/// <summary>
/// What an <see cref="AgentHost"/> starts: where it listens, the containerizer it builds, and the
/// runtime's options (whose <see cref="AgentOptions.Port"/> and <see cref="AgentOptions.Containerizer"/>
/// the host fills in once it listens).
/// </summary>
public sealed record AgentHostOptions
{
    /// <summary>Where the agent serves HTTP (and, later, executors on the wire); port 0 picks a free one.</summary>
    public required IPEndPoint EndPoint { get; init; }

    public required ProcessContainerizerOptions Containerizer { get; init; }

    public required AgentOptions Agent { get; init; }
}
