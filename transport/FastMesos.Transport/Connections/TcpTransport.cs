using System.Net;
using System.Net.Sockets;

namespace FastMesos.Transport.Connections;

/// <summary>Frame connections over TCP (Sockets + Pipelines), <c>NoDelay</c> on: coalescing, not Nagle, batches small frames.</summary>
public sealed class TcpTransport : ITransport
{
    /// <summary>A shared instance; the transport holds no state.</summary>
    public static TcpTransport Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<IListener> ListenAsync(EndPoint endPoint, ListenerOptions options, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        if (endPoint is not IPEndPoint ipEndPoint)
        {
            ConnectionThrowHelper.ThrowEndPoint("TCP", nameof(IPEndPoint));
            return default;
        }

        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IListener>(TcpFrameListener.Start(ipEndPoint, options, handler));
    }

    /// <inheritdoc />
    public async ValueTask<FrameConnection> DialAsync(EndPoint endPoint, DialOptions options, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();

        var socket = new Socket(endPoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
        };
        try
        {
            using var timeout = options.ConnectTimeout == Timeout.InfiniteTimeSpan
                ? new CancellationTokenSource()
                : new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {endPoint} took longer than {options.ConnectTimeout}.");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        TcpFrameConnection connection = TcpFrameConnection.Create(socket, options, handler);
        connection.Start();
        return await connection.CompleteDialAsync(cancellationToken).ConfigureAwait(false);
    }
}
