using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>An endpoint accepting frame connections.</summary>
public interface IListener : IAsyncDisposable
{
    /// <summary>Where it listens (with the port the system picked when asked for port 0).</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>Connections accepted and not yet fully closed, including those still in their handshake.</summary>
    int ConnectionCount { get; }

    /// <summary>Stops accepting, closes every connection (<see cref="CloseReason.LocalClose"/>) and waits until they are gone.</summary>
    ValueTask StopAsync();
}
