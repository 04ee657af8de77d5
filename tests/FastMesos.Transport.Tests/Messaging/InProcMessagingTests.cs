using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Tests.Messaging;

/// <summary>Typed messages over in-process pipes.</summary>
public sealed class InProcMessagingTests : MessagingTests
{
    private readonly InProcTransport _transport = new();
    private int _next;

    protected override ITransport Transport => _transport;

    protected override EndPoint NewEndPoint() => new InProcEndPoint("messaging-" + Interlocked.Increment(ref _next));
}
