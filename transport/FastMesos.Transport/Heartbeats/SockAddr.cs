using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Transport.Heartbeats;

/// <summary>
/// Linux <c>sockaddr_in</c> / <c>sockaddr_in6</c> bytes, as <c>recvmmsg</c> fills them in and
/// <c>sendmmsg</c> takes them: family (host order u16), port (network order), then the address.
/// </summary>
internal static class SockAddr
{
    /// <summary>Room for either family (<c>sockaddr_in6</c> is 28 bytes).</summary>
    public const int MaxLength = 32;

    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>Writes <paramref name="endPoint"/> and returns its length.</summary>
    public static int Write(IPEndPoint endPoint, Span<byte> destination)
    {
        destination[..MaxLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)endPoint.Port);
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet);
            endPoint.Address.TryWriteBytes(destination.Slice(4, 4), out _);
            return 16;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet6);
        endPoint.Address.TryWriteBytes(destination.Slice(8, 16), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)endPoint.Address.ScopeId);
        return 28;
    }

    /// <summary>The endpoint in <paramref name="sockaddr"/>, or null when it is neither family.</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 16)
            return null;
        int port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        return BinaryPrimitives.ReadUInt16LittleEndian(sockaddr) switch
        {
            AfInet => new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), port),
            AfInet6 when sockaddr.Length >= 28 => new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(sockaddr[24..])), port),
            _ => null,
        };
    }

    /// <summary>An IPv4-mapped IPv6 address as plain IPv4, so the two spellings of one host compare equal.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
