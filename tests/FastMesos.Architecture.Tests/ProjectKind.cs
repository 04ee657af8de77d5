namespace FastMesos.Architecture.Tests;

/// <summary>The role a project plays in the layer diagram of DESIGN.md §2.</summary>
public enum ProjectKind
{
    /// <summary>A path outside the layer folders; no production project may reference it.</summary>
    Unknown,

    /// <summary><c>engine/FastMesos.Messages</c>: the wire-level value types, layer 0.</summary>
    Messages,

    /// <summary>Any other project in <c>engine/</c>, layer 1.</summary>
    Engine,

    /// <summary>Any project in <c>transport/</c>, layer 1.</summary>
    Transport,

    /// <summary><c>daemons/FastMesos.Hosting</c>: shared daemon plumbing, layer 2.</summary>
    Hosting,

    /// <summary>
    /// A <c>FastMesos.*</c> library in <c>daemons/</c> (the master runtime, the agent runtime), layer 3:
    /// what a daemon executable and <c>fastmesos local</c> both host. It may use Hosting, transport and
    /// the engine, never another daemon library or an executable.
    /// </summary>
    DaemonLibrary,

    /// <summary>Any other project in <c>daemons/</c> (named <c>fastmesos*</c>): an executable, layer 4.</summary>
    Daemon,

    /// <summary>Any project in <c>bench/</c> or <c>tests/</c>: tooling, above everything.</summary>
    Tooling,
}
