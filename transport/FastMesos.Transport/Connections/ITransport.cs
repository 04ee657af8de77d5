using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Opens frame connections: <see cref="TcpTransport"/> over sockets, <see cref="InProcTransport"/>
/// over in-memory pipes. Both give the same <see cref="FrameConnection"/> semantics (preamble,
/// framing, coalescing, back-pressure, timeouts, close reasons).
/// </summary>
public interface ITransport
{
    /// <summary>Starts accepting connections at <paramref name="endPoint"/>; every accepted connection reports to <paramref name="handler"/>.</summary>
    ValueTask<IListener> ListenAsync(EndPoint endPoint, ListenerOptions options, IFrameHandler handler, CancellationToken cancellationToken = default);

    /// <summary>
    /// Connects to <paramref name="endPoint"/> and exchanges preambles. Throws
    /// <see cref="ConnectionClosedException"/> when the peer refuses the preamble or the handshake times out.
    /// </summary>
    ValueTask<FrameConnection> DialAsync(EndPoint endPoint, DialOptions options, IFrameHandler handler, CancellationToken cancellationToken = default);
}
