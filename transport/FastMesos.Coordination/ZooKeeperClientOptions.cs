namespace FastMesos.Coordination;

/// <summary>Settings of a <see cref="ZooKeeperClient"/>.</summary>
public sealed class ZooKeeperClientOptions
{
    /// <summary>The session timeout asked for; the server clamps it to [2, 20] ticks. Pings go out every third of the negotiated one.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on one TCP connect plus session handshake with one server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A reply declaring more bytes closes the connection (ZooKeeper's own jute.maxbuffer default is 1 MiB of data per node).</summary>
    public int MaxReplyLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Pause between connection attempts after every server of the list refused.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives connection events and close reasons (one line each).</summary>
    public Action<string>? Log { get; init; }
}
