using System.Text;

namespace FastMesos.Transport.Connections;

/// <summary>Settings of a dialing (client) connection.</summary>
public sealed class DialOptions : ConnectionOptions
{
    private byte[]? _tokenBytes;

    /// <summary>The token sent in the preamble, when the listener requires one.</summary>
    public string? AuthToken { get; init; }

    /// <summary>When set, a listener declaring another role is refused (<see cref="CloseReason.BadPreamble"/>).</summary>
    public PeerRole? ExpectedRemoteRole { get; init; }

    /// <summary>How long the TCP connect may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true, the caller awaiting <see cref="ITransport.DialAsync"/> resumes on the connection's
    /// receive loop the moment the handshake succeeds, instead of on the thread pool. The loop
    /// delivers no frame until that continuation yields, so set it only where what follows a dial is
    /// short and never blocks: a fleet of simulated agents whose finished dial starts the next one,
    /// where the hop (a work item and a worker woken per dial) was a quarter of the fleet's CPU in a
    /// 10k failover (perf-reports/2026-12-08-inline-dials/). A failed dial still resumes on the
    /// thread pool, never inside the close that failed it. Default false.
    /// </summary>
    public bool ResumeDialInline { get; init; }

    internal ReadOnlySpan<byte> TokenBytes => _tokenBytes ??= AuthToken is null ? [] : Encoding.UTF8.GetBytes(AuthToken);

    internal override void Validate()
    {
        base.Validate();
        if (TokenBytes.Length > Preamble.MaxTokenLength)
            ConnectionThrowHelper.ThrowOption(nameof(AuthToken), $"must encode to at most {Preamble.MaxTokenLength} UTF-8 bytes");
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
            ConnectionThrowHelper.ThrowOption(nameof(ConnectTimeout), "must be positive or infinite");
    }
}
