using System.Net;

namespace FastMesos.Hosting.Http;

/// <summary>
/// The endpoint Kestrel "binds" when HTTP is served on a wire port: it names no socket, because the
/// wire listener owns the socket and hands over the connections whose first bytes are not the
/// wire preamble (<see cref="WirePortHttp"/>).
/// </summary>
public sealed class WirePortEndPoint : EndPoint
{
    public WirePortEndPoint(string name) => Name = name;

    /// <summary>Which daemon's port this is (for logs and <see cref="ToString"/>).</summary>
    public string Name { get; }

    public override string ToString() => "wire-port:" + Name;
}
