namespace FastMesos.Transport.Connections;

/// <summary>What a peer is, as it declares in its preamble; a listener admits only the roles it serves.</summary>
public enum PeerRole : byte
{
    /// <summary>Not a role: the value before a preamble has been read. A preamble carrying it is refused.</summary>
    None = 0,

    /// <summary>A FastMesos master.</summary>
    Master = 1,

    /// <summary>An agent (runs tasks, reports resources).</summary>
    Agent = 2,

    /// <summary>A framework scheduler (native wire client, such as the app scheduler).</summary>
    Scheduler = 3,

    /// <summary>The load simulator, standing in for many agents or frameworks.</summary>
    Simulator = 4,

    /// <summary>An executor talking to its agent.</summary>
    Executor = 5,
}
