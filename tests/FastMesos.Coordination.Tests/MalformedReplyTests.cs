using System.Buffers.Binary;
using System.Collections.Concurrent;
using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination.Tests;

public sealed class MalformedReplyTests
{
    private static byte[] Header(int length, int xid)
    {
        byte[] packet = new byte[4 + Math.Max(16, Math.Min(length, 64))];
        BinaryPrimitives.WriteInt32BigEndian(packet, length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), xid);
        return packet;
    }

    private static async Task ExpectConnectionLoss(Func<int, byte[]> reply, string reasonPart)
    {
        await using var server = new FakeServer(reply);
        var log = new ConcurrentQueue<string>();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(server.ConnectionString,
            new ZooKeeperClientOptions { Log = log.Enqueue });
        Task<Stat?> first = client.ExistsAsync("/a");
        ConnectionLossException loss = await Assert.ThrowsAsync<ConnectionLossException>(() => first.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(reasonPart, loss.Message, StringComparison.Ordinal);
        Assert.Contains(log, line => line.Contains(reasonPart, StringComparison.Ordinal));
        // The client reconnects (same session) and keeps working for later calls' failures alike: nothing is corrupted.
        await Eventually.Until(() => server.Connections >= 2, "the reconnect");
    }

    [Fact]
    public Task Reply_longer_than_the_maximum_fails_pending_calls_with_connection_loss() =>
        ExpectConnectionLoss(xid => Header(int.MaxValue, xid), "reply length 2147483647");

    [Fact]
    public Task Reply_shorter_than_a_header_fails_pending_calls_with_connection_loss() =>
        ExpectConnectionLoss(xid => Header(3, xid), "reply length 3");

    [Fact]
    public Task Reply_with_an_unknown_xid_fails_pending_calls_with_connection_loss() =>
        ExpectConnectionLoss(xid => Header(16, xid + 1000), "does not match the oldest request");

    [Fact]
    public Task Truncated_reply_body_fails_the_call_with_connection_loss() =>
        // Ok reply to exists without the Stat: the body is parsed by the caller, which must not see garbage.
        ExpectConnectionLoss(xid => Header(16, xid), "malformed reply: needed");

    [Fact]
    public async Task Server_declaring_the_session_expired_on_reconnect_ends_the_client()
    {
        await using var server = new FakeServer(_ => [], expireOnReconnect: true);
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(server.ConnectionString);
        // The server drops the connection on the first request; the reconnect learns the session is gone.
        await Assert.ThrowsAsync<ConnectionLossException>(() => client.GetDataAsync("/a"));
        await client.Expired.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ZooKeeperState.Expired, client.State);
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetDataAsync("/a"));
    }

    [Fact]
    public void Reader_refuses_lengths_past_the_end()
    {
        byte[] data = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(data, 100);
        Assert.Throws<ZooKeeperProtocolException>(() => new JuteReader(data).ReadString());
        BinaryPrimitives.WriteInt32BigEndian(data, -5);
        Assert.Throws<ZooKeeperProtocolException>(() => new JuteReader(data).ReadBuffer());
        BinaryPrimitives.WriteInt32BigEndian(data, 1_000_000);
        Assert.Throws<ZooKeeperProtocolException>(() => new JuteReader(data).ReadVectorCount(4));
    }
}
