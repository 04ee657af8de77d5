namespace FastMesos.Simulator.Wire;

/// <summary>The dialing side of a wire load: N connections each keeping a window of pings in flight.</summary>
internal interface IWireClient : IAsyncDisposable
{
    /// <summary>Dials every connection; throws when one fails or the deadline passes.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the load: sends each connection's window, every pong then sending the next ping until
    /// <see cref="Stop"/>; in rate mode only gets ready for <see cref="TryPing"/>.
    /// </summary>
    void Start();

    /// <summary>Stops sending new pings; pongs in flight still arrive and are counted.</summary>
    void Stop();

    /// <summary>
    /// Rate mode: sends one ping on connection <paramref name="index"/> unless its previous one is
    /// still in flight (then false: the schedule skips it).
    /// </summary>
    bool TryPing(int index);

    long Pongs { get; }

    /// <summary>Connections that closed while the load ran: any is a failure worth reporting.</summary>
    long Closed { get; }
}
