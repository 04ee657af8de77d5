using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Connections.Support;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>The transport contract over in-process pipes.</summary>
public sealed class InProcTransportContractTests(ITestOutputHelper output) : TransportContractTests(output)
{
    private readonly InProcTransport _transport = new();
    private int _next;

    protected override ITransport Transport => _transport;

    protected override EndPoint NewEndPoint() => new InProcEndPoint("contract-" + Interlocked.Increment(ref _next));

    protected override Task<IRawPeer> ConnectRawAsync(EndPoint endPoint) =>
        Task.FromResult<IRawPeer>(new RawPipePeer(_transport.ConnectRaw((InProcEndPoint)endPoint)));
}
