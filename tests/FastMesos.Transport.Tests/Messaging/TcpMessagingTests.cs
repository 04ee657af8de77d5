using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Tests.Messaging;

/// <summary>Typed messages over loopback TCP.</summary>
public sealed class TcpMessagingTests : MessagingTests
{
    protected override ITransport Transport => TcpTransport.Instance;

    protected override EndPoint NewEndPoint() => new IPEndPoint(IPAddress.Loopback, 0);
}
