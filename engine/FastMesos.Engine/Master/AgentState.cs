namespace FastMesos.Engine.Master;

/// <summary>Where an agent stands with the master.</summary>
public enum AgentState
{
    /// <summary>Registered and connected: pinged, offered.</summary>
    Connected,

    /// <summary>Its connection broke; not offered; counted as missing pings until it comes back or turns unreachable.</summary>
    Disconnected,

    /// <summary>Missed too many pings: removed from allocation, its tasks UNREACHABLE/LOST; may still re-register.</summary>
    Unreachable,

    /// <summary>
    /// Listed in the registry a new leader recovered, not yet re-registered with it: not offered,
    /// not pinged; marked unreachable if it is not back within the agent re-register timeout.
    /// </summary>
    Recovered,
}
