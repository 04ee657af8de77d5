using System.Net;
using System.Threading.Channels;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>
/// A transport whose dials wait to be let through: each dial is queued in <see cref="Dials"/> as its
/// gate, and goes on to the inner transport only once the test completes that gate. A test holds a
/// dial in flight this way, to change something while it is out.
/// </summary>
internal sealed class GatedTransport(ITransport inner) : ITransport
{
    private readonly Channel<TaskCompletionSource> _dials = Channel.CreateUnbounded<TaskCompletionSource>();

    /// <summary>The gates of the dials made so far, in order.</summary>
    public ChannelReader<TaskCompletionSource> Dials => _dials.Reader;

    public ValueTask<IListener> ListenAsync(EndPoint endPoint, ListenerOptions options, IFrameHandler handler, CancellationToken cancellationToken = default) =>
        inner.ListenAsync(endPoint, options, handler, cancellationToken);

    public async ValueTask<FrameConnection> DialAsync(EndPoint endPoint, DialOptions options, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _dials.Writer.TryWrite(gate);
        await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await inner.DialAsync(endPoint, options, handler, cancellationToken).ConfigureAwait(false);
    }
}
