using System.IO.Pipelines;
using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// A frame connection over two in-memory pipes: this side's writer is the peer's reader and the
/// other way round. No socket loops; the same preamble, framing, coalescing, back-pressure (the
/// pipe's pause threshold stands in for the socket buffers) and close semantics as TCP.
/// </summary>
internal sealed class InProcFrameConnection : FrameConnection
{
    private readonly EndPoint _remoteEndPoint;

    internal InProcFrameConnection(PipeReader input, PipeWriter output, ConnectionOptions options, IFrameHandler handler, EndPoint remoteEndPoint)
        : base(input, output, options, handler)
    {
        _remoteEndPoint = remoteEndPoint;
    }

    public override EndPoint? RemoteEndPoint => _remoteEndPoint;

    public override string TransportName => "inproc";

    internal void Start() => StartCore(transportLoops: 0);

    // An abort completes the output with the reason: the peer's next read throws it, so the peer
    // closes with RemoteClosed and learns why, and never parses a half-written frame.
    private protected override void CompleteOutput(bool abort, CloseInfo info)
    {
        if (abort)
            Writer.Complete(new IOException($"the peer aborted the connection: {info}"));
        else
            Writer.Complete();
    }
}
