namespace FastMesos.Engine.Master;

/// <summary>
/// Where the master core's messages go. A peer is the integer the host gave a connection when it
/// reported it; the host maps it back to the connection and encodes each message with the wire codec. Sends never block: a peer that cannot take more is the host's to close.
/// </summary>
public interface IMasterOutbox
{
    /// <summary>Sends one message to <paramref name="peer"/>; a peer that is gone drops it.</summary>
    void Send<T>(int peer, in T message);

    /// <summary>Closes <paramref name="peer"/>'s connection, naming why (logged by the host).</summary>
    void Close(int peer, string reason);
}
