using System.Net;
using BenchmarkDotNet.Attributes;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Benchmarks;

/// <summary>
/// The floor under the datagram heartbeat channel on this machine: a tick's worth of pings (200:
/// 10,000 agents at a 1 s interval, 20 ms ticks) sent in batches to a loopback socket and read back
/// there, then the pongs the other way, all on one thread (no wake-ups), in batches of 256 per call.
/// Divide by 200 for one heartbeat's kernel and copy cost, both ends together; on loopback a send
/// also runs the receiver's UDP input, so the master's share of a real round trip is about the
/// sends of the pings plus the reads of the pongs. 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class DatagramBenchmarks
{
    private const int Heartbeats = 200;
    private readonly byte[] _payload = new byte[HeartbeatDatagram.Size];
    private readonly byte[] _masterAddress = new byte[SockAddr.MaxLength];
    private readonly byte[] _agentAddress = new byte[SockAddr.MaxLength];
    private DatagramBatch _master = null!;
    private DatagramBatch _agent = null!;
    private int _masterLength, _agentLength;

    [GlobalSetup]
    public void Setup()
    {
        _master = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0));
        _agent = new DatagramBatch(new IPEndPoint(IPAddress.Loopback, 0));
        _masterLength = SockAddr.Write(_master.LocalEndPoint, _masterAddress);
        _agentLength = SockAddr.Write(_agent.LocalEndPoint, _agentAddress);
        new HeartbeatDatagram(HeartbeatKind.Ping, 1, 2, 3, 4).Write(_payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _master.Dispose();
        _agent.Dispose();
    }

    /// <summary>200 pings sent and read, 200 pongs sent and read.</summary>
    [Benchmark(OperationsPerInvoke = Heartbeats)]
    public int RoundTrip()
    {
        int read = Move(_master, _agent, _agentAddress.AsSpan(0, _agentLength));
        return read + Move(_agent, _master, _masterAddress.AsSpan(0, _masterLength));
    }

    /// <summary>200 pings sent (the master's sendmmsg) and read by the agent's socket.</summary>
    [Benchmark(OperationsPerInvoke = Heartbeats)]
    public int OneWay() => Move(_master, _agent, _agentAddress.AsSpan(0, _agentLength));

    private int Move(DatagramBatch from, DatagramBatch to, ReadOnlySpan<byte> address)
    {
        for (int i = 0; i < Heartbeats; i++)
            from.Queue(address, _payload);
        from.Flush();
        int read = 0, idle = 0;
        // Loopback normally delivers inside the send; a softirq deferred to ksoftirqd comes a little later.
        while (read < Heartbeats)
        {
            int n = to.Receive();
            if (n == 0 && ++idle > 100_000)
                throw new InvalidOperationException($"{read} of {Heartbeats} datagrams arrived");
            read += n;
        }

        return read;
    }
}
