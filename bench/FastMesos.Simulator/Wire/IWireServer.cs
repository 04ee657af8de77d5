namespace FastMesos.Simulator.Wire;

/// <summary>The listening side of a wire load: answers every ping and counts what it received.</summary>
internal interface IWireServer : IAsyncDisposable
{
    int Port { get; }

    /// <summary>Pings received so far, over all connections.</summary>
    long MessagesReceived { get; }

    int ConnectionCount { get; }
}
