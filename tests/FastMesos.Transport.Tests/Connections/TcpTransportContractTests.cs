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

    // Pause at 64 MiB, resume at 32: the socket buffers (the raw peer's capped receive buffer plus
    // this side's send buffer, at most tcp_wmem's 4 MiB) absorb far less than the 32 MiB between
    // them, so once the sender pauses it stays paused however the kernel drains afterwards.
    protected override long StallTestPauseThreshold => 64L * 1024 * 1024;

    protected override EndPoint NewEndPoint() => new IPEndPoint(IPAddress.Loopback, 0);

    // A fixed, small receive buffer: with autotuning a peer that stops reading lets the kernel take up
    // to tcp_rmem's maximum (32 MiB here) after the sender paused, enough to drain it below its resume
    // threshold now and then (the stall test saw its waiting send complete under load).
    protected override async Task<IRawPeer> ConnectRawAsync(EndPoint endPoint) => await RawSocketPeer.ConnectAsync(endPoint, receiveBufferSize: 64 * 1024);

    protected override long? SocketSends(FrameConnection connection) => ((TcpFrameConnection)connection).SocketSends;
}
