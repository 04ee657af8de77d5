using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FastMesos.Agent.Runtime;
using FastMesos.Messages;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// The agent sends its registration as the connection's greeting: behind its preamble, before the
/// master has answered, so registering costs one round trip. A listener that never answers sees both.
/// </summary>
public sealed class AgentGreetingTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AgentCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_registration_arrives_behind_the_preamble_before_the_master_answers()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        await using AgentRuntime agent = await AgentRuntime.StartAsync(_cluster.Options() with { Master = silent.LocalEndPoint });
        using Socket accepted = await silent.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // Nothing is ever sent back: what arrives was sent without waiting for the master's preamble.
        byte[] bytes = await ReceiveAtLeastAsync(accepted, 8);
        Assert.Equal("FMSH"u8.ToArray(), bytes[..4]);
        int tokenLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6, 2));
        int frameAt = 8 + tokenLength;
        bytes = await ReceiveAtLeastAsync(accepted, frameAt + 6, bytes);
        uint frameLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(frameAt, 4));
        ushort messageType = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(frameAt + 4, 2));
        Assert.Equal((ushort)MessageType.RegisterAgent, messageType);
        bytes = await ReceiveAtLeastAsync(accepted, frameAt + 4 + (int)frameLength, bytes);
        Assert.True(bytes.Length >= frameAt + 4 + frameLength);
    }

    private static async Task<byte[]> ReceiveAtLeastAsync(Socket socket, int count, byte[]? have = null)
    {
        var buffer = new List<byte>(have ?? []);
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (buffer.Count < count)
        {
            int n = await socket.ReceiveAsync(chunk, SocketFlags.None, timeout.Token);
            Assert.True(n > 0, $"the agent closed after {buffer.Count} bytes");
            buffer.AddRange(chunk.AsSpan(0, n));
        }

        return [.. buffer];
    }
}
