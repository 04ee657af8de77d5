using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// N plain sockets to the floor server. Each connection runs one loop: receive, count and time the
/// echoed frames, write one new frame per echo into a buffer, send that buffer in one call.
/// </summary>
internal sealed class FloorWireClient(int port, LoadState load) : IWireClient
{
    private readonly CancellationTokenSource _stop = new();
    private Socket[] _sockets = [];
    private Task[] _loops = [];
    private int[] _inFlight = [];
    private byte[][] _pingBuffers = [];
    private long _sequence;
    private long _pongs;
    private long _closed;

    public long Pongs => Interlocked.Read(ref _pongs);

    public long Closed => Interlocked.Read(ref _closed);

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        _sockets = await ParallelDial.RunAsync(load.Spec.Connections, async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(endPoint, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            return socket;
        }, cancellationToken);
    }

    public void Start()
    {
        _inFlight = new int[_sockets.Length];
        _pingBuffers = new byte[_sockets.Length][];
        for (int i = 0; i < _sockets.Length; i++)
            _pingBuffers[i] = new byte[load.Spec.Size];
        _loops = _sockets.Select((s, i) => Task.Run(() => RunAsync(s, i))).ToArray();
    }

    public bool TryPing(int index)
    {
        if (_inFlight.Length == 0 || Interlocked.CompareExchange(ref _inFlight[index], 1, 0) != 0)
            return false;
        // Only the rate driver's thread sends in rate mode, so one buffer per connection suffices.
        byte[] frame = _pingBuffers[index];
        FloorFrame.Write(frame, (ulong)Interlocked.Increment(ref _sequence), Stopwatch.GetTimestamp());
        try
        {
            _sockets[index].Send(frame);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The receive loop sees the failure and counts the connection closed.
        }
        return true;
    }

    public void Stop() => load.Stop();

    private async Task RunAsync(Socket socket, int index)
    {
        bool rateLimited = load.RateLimited;
        int size = load.Spec.Size;
        byte[] input = new byte[FloorFrame.MaxSize * 2];
        // At most Window frames are in flight, so at most Window echoes arrive per receive and need a reply.
        byte[] output = new byte[load.Spec.Window * size];
        ulong sequence = 0;
        for (int i = 0; i < load.Spec.Window; i++)
            FloorFrame.Write(output.AsSpan(i * size, size), ++sequence, Stopwatch.GetTimestamp());
        int have = 0;
        try
        {
            // Rate mode: the driver sends (TryPing); this loop only times the echoes.
            if (!rateLimited)
                await FloorWireServer.SendAllAsync(socket, output, _stop.Token);
            while (true)
            {
                int n = await socket.ReceiveAsync(input.AsMemory(have), SocketFlags.None, _stop.Token);
                if (n == 0)
                    break;
                have += n;
                int used = 0, written = 0, count = 0, length;
                while ((length = FloorFrame.Complete(input.AsSpan(used, have - used))) > 0)
                {
                    ReadOnlySpan<byte> frame = input.AsSpan(used, length);
                    if (load.Sampled(FloorFrame.Sequence(frame)))
                        load.Latency.Record(FloorFrame.Timestamp(frame));
                    if (rateLimited)
                    {
                        Volatile.Write(ref _inFlight[index], 0);
                    }
                    else if (!load.Stopped)
                    {
                        FloorFrame.Write(output.AsSpan(written, size), ++sequence, Stopwatch.GetTimestamp());
                        written += size;
                    }
                    used += length;
                    count++;
                }
                if (length < 0)
                    break;
                input.AsSpan(used, have - used).CopyTo(input);
                have -= used;
                Interlocked.Add(ref _pongs, count);
                if (written > 0)
                    await FloorWireServer.SendAllAsync(socket, output.AsMemory(0, written), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the server went away (counted below).
        }
        if (!_stop.IsCancellationRequested)
            Interlocked.Increment(ref _closed);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (Socket s in _sockets)
            s.Dispose();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
