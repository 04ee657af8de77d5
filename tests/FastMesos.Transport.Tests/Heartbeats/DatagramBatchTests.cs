using System.Net;
using System.Net.Sockets;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Transport.Tests.Heartbeats;

/// <summary><c>sendmmsg</c> / <c>recvmmsg</c> over real loopback sockets: what goes out in batches comes in whole, from where it was sent.</summary>
public sealed class DatagramBatchTests
{
    [Fact]
    public async Task Datagrams_queued_past_the_capacity_all_arrive_with_their_payload_and_source()
    {
        using var sender = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0), capacity: 16);
        using var receiver = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0), capacity: 16);
        byte[] to = new byte[SockAddr.MaxLength];
        int toLength = SockAddr.Write(receiver.LocalEndPoint, to);

        // 40 datagrams through a 16-slot queue: Queue flushes twice on its own, Flush sends the rest.
        for (int i = 0; i < 40; i++)
            sender.Queue(to.AsSpan(0, toLength), [(byte)i, (byte)(i * 3)]);
        Assert.Equal(8, sender.Queued);
        Assert.Equal(8, sender.Flush());
        Assert.Equal(0, sender.SendFailures);

        var seen = new List<int>();
        await Eventually.Until(() =>
        {
            int n = receiver.Receive();
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> d = receiver.Received(i);
                Assert.Equal(2, d.Length);
                Assert.Equal((byte)(d[0] * 3), d[1]);
                Assert.Equal(sender.LocalEndPoint, SockAddr.Read(receiver.Source(i)));
                seen.Add(d[0]);
            }

            return seen.Count == 40;
        }, "all 40 datagrams");
        Assert.Equal(Enumerable.Range(0, 40), seen);
        Assert.Equal(0, receiver.Receive());
    }

    [Fact]
    public async Task A_datagram_longer_than_the_receive_room_is_reported_empty()
    {
        using var receiver = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0));
        using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        plain.SendTo(new byte[DatagramBatch.MaxDatagram + 1], receiver.LocalEndPoint);
        plain.SendTo(new byte[3], receiver.LocalEndPoint);

        var lengths = new List<int>();
        await Eventually.Until(() =>
        {
            int n = receiver.Receive();
            for (int i = 0; i < n; i++)
                lengths.Add(receiver.Received(i).Length);
            return lengths.Count == 2;
        }, "both datagrams");
        Assert.Equal([0, 3], lengths);
    }

    [Fact]
    public async Task Asked_to_the_kernel_stamps_each_datagram_with_the_time_it_reached_the_socket()
    {
        using var stamped = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0), capacity: 8, receiveTimestamps: true);
        using var plain = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0), capacity: 8);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await StampingOnArrivalAsync(stamped, sender);
        long before = UnixNanoseconds();
        for (int i = 0; i < 5; i++)
        {
            sender.SendTo([(byte)i], stamped.LocalEndPoint);
            sender.SendTo([(byte)i], plain.LocalEndPoint);
        }

        var arrivals = new List<long>();
        await Eventually.Until(() =>
        {
            int n = stamped.Receive();
            for (int i = 0; i < n; i++)
            {
                Assert.True(stamped.TryGetArrival(i, out long at), $"datagram {stamped.Received(i)[0]} has no stamp");
                arrivals.Add(at);
            }

            return arrivals.Count == 5;
        }, "the stamped socket's 5 datagrams");
        long after = UnixNanoseconds();

        // The kernel's CLOCK_REALTIME at arrival, in order, between the first send and the last read.
        Assert.All(arrivals, at => Assert.InRange(at, before, after));
        Assert.Equal(arrivals.Order(), arrivals);

        int received = 0;
        await Eventually.Until(() =>
        {
            int n = plain.Receive();
            for (int i = 0; i < n; i++)
                Assert.False(plain.TryGetArrival(i, out _));
            received += n;
            return received == 5;
        }, "the plain socket's 5 datagrams");
    }

    /// <summary>
    /// Waits until the kernel stamps datagrams as they arrive. Linux turns receive stamping on for
    /// the whole stack lazily: the first socket that asks for it (none other in the system does)
    /// schedules a work item that enables it (<c>net_enable_timestamp</c>), and a datagram that
    /// arrives before that runs is stamped when it is read instead (<c>__sock_recv_timestamp</c>:
    /// "race occurred between timestamp enabling and packet receiving"). A clean-clone CI run read a
    /// first datagram stamped after the four behind it. A probe stamped before it was read proves
    /// stamping on arrival; the probes are read here, so the test's datagrams find the socket empty.
    /// </summary>
    private static async Task StampingOnArrivalAsync(DatagramBatch stamped, Socket sender)
    {
        await Eventually.Until(() =>
        {
            sender.SendTo([0xFF], stamped.LocalEndPoint);   // on loopback, queued at the socket when SendTo returns
            long beforeRead = UnixNanoseconds();
            bool onArrival = false;
            int n = stamped.Receive();
            for (int i = 0; i < n; i++)
                onArrival |= stamped.TryGetArrival(i, out long at) && at < beforeRead;
            return onArrival;
        }, "a probe stamped on arrival");
    }

    /// <summary>CLOCK_REALTIME in nanoseconds, at the 100 ns of <see cref="DateTime"/> (rounded down, so never after the clock).</summary>
    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    [Fact]
    public void Socket_addresses_round_trip_for_both_families()
    {
        Span<byte> bytes = stackalloc byte[SockAddr.MaxLength];
        foreach (IPEndPoint endPoint in new[] { new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5050), new IPEndPoint(IPAddress.Parse("::1"), 65535) })
        {
            int length = SockAddr.Write(endPoint, bytes);
            Assert.Equal(endPoint, SockAddr.Read(bytes[..length]));
        }

        Assert.Null(SockAddr.Read(new byte[8]));
        Assert.Null(SockAddr.Read(new byte[16]));   // family 0
        Assert.Equal(IPAddress.Loopback, SockAddr.Normalize(IPAddress.Loopback.MapToIPv6()));
    }
}
