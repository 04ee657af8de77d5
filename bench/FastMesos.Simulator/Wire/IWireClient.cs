namespace FastMesos.Simulator.Wire;

/// <summary>The dialing side of a wire load: N connections each keeping a window of pings in flight.</summary>
internal interface IWireClient : IAsyncDisposable
{
    /// <summary>Dials every connection; throws when one fails or the deadline passes.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends each connection's window; every pong then sends the next ping until <see cref="Stop"/>.</summary>
    void Start();

    /// <summary>Stops sending new pings; pongs in flight still arrive and are counted.</summary>
    void Stop();

    long Pongs { get; }

    /// <summary>Connections that closed while the load ran: any is a failure worth reporting.</summary>
    long Closed { get; }
}
