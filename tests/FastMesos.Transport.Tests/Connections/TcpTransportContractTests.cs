using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>The transport contract over loopback TCP.</summary>
public sealed class TcpTransportContractTests(ITestOutputHelper output) : TransportContractTests(output)
{
    protected override ITransport Transport => TcpTransport.Instance;

    // Loopback socket buffers autotune to several MiB each way (Linux: tcp_wmem and tcp_rmem maxima).
    protected override long KernelBufferAllowance => 16L * 1024 * 1024;

    // Pause at 64 MiB, resume at 32: the socket buffers can absorb far less than the 32 MiB between
    // them, so once the sender pauses it stays paused however the kernel drains afterwards.
    protected override long StallTestPauseThreshold => 64L * 1024 * 1024;

    protected override EndPoint NewEndPoint() => new IPEndPoint(IPAddress.Loopback, 0);

    protected override async Task<IRawPeer> ConnectRawAsync(EndPoint endPoint) => await RawSocketPeer.ConnectAsync(endPoint);

    protected override long? SocketSends(FrameConnection connection) => ((TcpFrameConnection)connection).SocketSends;
}
