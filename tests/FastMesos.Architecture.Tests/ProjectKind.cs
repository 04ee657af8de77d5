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

    /// <summary>Any other project in <c>daemons/</c>: an executable, layer 3.</summary>
    Daemon,

    /// <summary>Any project in <c>bench/</c> or <c>tests/</c>: tooling, above everything.</summary>
    Tooling,
}
