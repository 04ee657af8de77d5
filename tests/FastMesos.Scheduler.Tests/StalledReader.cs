using System.Buffers;
using FastMesos.Transport.Connections;

namespace FastMesos.Scheduler.Tests;

/// <summary>
/// A frame handler that blocks its connection's receive path on the first frame until
/// <see cref="Release"/> (so its peer's sends back up and pause), then keeps every payload in order.
/// </summary>
internal sealed class StalledReader(bool released = false) : IFrameHandler
{
    private readonly ManualResetEventSlim _released = new(released);
    private readonly List<byte[]> _received = [];

    public int Count
    {
        get
        {
            lock (_received)
                return _received.Count;
        }
    }

    public List<byte[]> Received
    {
        get
        {
            lock (_received)
                return [.. _received];
        }
    }

    public void Release() => _released.Set();

    public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
    {
        // Bounded, so a test that fails never leaves a receive loop blocked.
        _released.Wait(TimeSpan.FromSeconds(30));
        lock (_received)
            _received.Add(payload.ToArray());
    }
}
