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
        // A caller's token that can never cancel needs no linked source: the timeout's token is the
        // whole story, and a linked source registers with both tokens. Where thousands of dials
        // linked to one shared token (a fleet of simulated agents), creating those sources was 7% of
        // an agent process's CPU in a 10k failover (perf-reports/2026-12-06-dial-costs/).
        CancellationTokenSource? timeout = options.ConnectTimeout == Timeout.InfiniteTimeSpan
            ? null
            : new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        CancellationTokenSource? linked = timeout is not null && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token)
            : null;
        try
        {
            try
            {
                await socket.ConnectAsync(endPoint, linked?.Token ?? timeout?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {endPoint} took longer than {options.ConnectTimeout}.");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        finally
        {
            linked?.Dispose();
            timeout?.Dispose();
        }

        // The endpoint just dialed is the peer's address: asking the socket for it costs a getpeername.
        TcpFrameConnection connection = TcpFrameConnection.Create(socket, options, handler, endPoint as IPEndPoint);
        connection.Start();
        return await connection.CompleteDialAsync(cancellationToken).ConfigureAwait(false);
    }
}
