using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace FastMesos.Hosting.Http;

/// <summary>
/// One connection handed from the wire listener to Kestrel. The transport owns the socket and
/// closes it when <see cref="Finished"/> completes, so disposing or aborting here only signals:
/// it never completes the pipe itself (the fallback contract in ListenerOptions).
/// </summary>
internal sealed class WirePortConnection : ConnectionContext,
    IConnectionIdFeature, IConnectionItemsFeature, IConnectionTransportFeature, IConnectionLifetimeFeature
{
    private static long s_nextId;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private readonly FeatureCollection _features = new();
    private IDictionary<object, object?>? _items;

    public WirePortConnection(IDuplexPipe transport, EndPoint? remote, EndPoint local)
    {
        Transport = transport;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        ConnectionId = "wire-http-" + Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _features.Set<IConnectionIdFeature>(this);
        _features.Set<IConnectionItemsFeature>(this);
        _features.Set<IConnectionTransportFeature>(this);
        _features.Set<IConnectionLifetimeFeature>(this);
    }

    /// <summary>Completes when Kestrel is done with the connection (disposed or aborted).</summary>
    public Task Finished => _finished.Task;

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException("The wire port owns the connection's lifetime.");
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _closed.Cancel();
        _finished.TrySetResult();
    }

    public override ValueTask DisposeAsync()
    {
        _finished.TrySetResult();
        _closed.Dispose();
        return ValueTask.CompletedTask;
    }
}
