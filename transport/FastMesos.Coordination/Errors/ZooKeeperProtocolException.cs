using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Coordination;

/// <summary>The server sent bytes that are not valid ZooKeeper protocol. Internal: it closes the connection, callers see <see cref="ConnectionLossException"/>.</summary>
internal sealed class ZooKeeperProtocolException(string message) : Exception(message)
{
    [DoesNotReturn]
    public static void Throw(string message) => throw new ZooKeeperProtocolException(message);

    [DoesNotReturn]
    public static string ThrowString(string message) => throw new ZooKeeperProtocolException(message);
}
