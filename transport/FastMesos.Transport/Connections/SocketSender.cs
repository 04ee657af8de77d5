using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Sends a multi-segment buffer with one gathered send (one syscall for many blocks), reusing one
/// <see cref="SocketAsyncEventArgs"/> per connection so a send allocates nothing. Kestrel's
/// <c>SocketSender</c> does the same.
/// </summary>
internal sealed class SocketSender : SocketAsyncEventArgs, IValueTaskSource<int>
{
    // Well under IOV_MAX (1024 on Linux); 64 blocks of 4 KiB is 256 KiB per syscall.
    private const int MaxSegmentsPerSend = 64;

    private readonly List<ArraySegment<byte>> _segments = new(MaxSegmentsPerSend);
    private ManualResetValueTaskSourceCore<int> _source;

    public SocketSender()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>
    /// Collects up to 64 segments of <paramref name="buffer"/> for one send. False when a segment is
    /// not array-backed (a custom pool), in which case the caller sends segment by segment.
    /// </summary>
    public bool TryGather(in ReadOnlySequence<byte> buffer)
    {
        _segments.Clear();
        foreach (ReadOnlyMemory<byte> memory in buffer)
        {
            if (!MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment))
            {
                _segments.Clear();
                return false;
            }

            _segments.Add(segment);
            if (_segments.Count == MaxSegmentsPerSend)
                break;
        }

        return true;
    }

    /// <summary>Sends what <see cref="TryGather"/> collected; completes with the bytes sent.</summary>
    public ValueTask<int> SendAsync(Socket socket)
    {
        BufferList = _segments;
        _source.Reset();
        if (socket.SendAsync(this))
            return new ValueTask<int>(this, _source.Version);

        // Completed synchronously: OnCompleted is not called.
        SocketError error = SocketError;
        int sent = BytesTransferred;
        BufferList = null;
        return error == SocketError.Success
            ? new ValueTask<int>(sent)
            : ValueTask.FromException<int>(new SocketException((int)error));
    }

    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        BufferList = null;
        if (e.SocketError == SocketError.Success)
            _source.SetResult(e.BytesTransferred);
        else
            _source.SetException(new SocketException((int)e.SocketError));
    }

    int IValueTaskSource<int>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
