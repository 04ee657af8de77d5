using System.IO.Pipelines;
using System.Net;
using System.Text;

namespace FastMesos.Transport.Connections;

/// <summary>Settings of a listener and of every connection it accepts.</summary>
public sealed class ListenerOptions : ConnectionOptions
{
    private byte[]? _requiredTokenBytes;

    /// <summary>Roles admitted; a preamble naming another role is refused. Null admits every role.</summary>
    public IReadOnlyCollection<PeerRole>? AllowedRoles { get; init; }

    /// <summary>When set, a preamble must carry exactly this token (compared in constant time).</summary>
    public string? RequiredToken { get; init; }

    /// <summary>When set, decides per role and token who may connect (the master's credentials); runs after <see cref="RequiredToken"/>.</summary>
    public PreambleAuthenticator? Authenticator { get; init; }

    /// <summary>
    /// TCP only. When a connection's first bytes are not the preamble magic, hand it here instead of
    /// closing it: the master serves HTTP and the wire on one port, and an HTTP request starts with
    /// "GET ", "POST" and so on. The pipe's reader still holds the sniffed bytes (nothing is
    /// consumed); the transport closes the connection when the returned task ends, so the fallback
    /// must not complete the pipe's reader or writer itself. Null closes such connections (<see cref="CloseReason.BadPreamble"/>).
    /// </summary>
    public Func<IDuplexPipe, EndPoint?, ValueTask>? NonWireFallback { get; init; }

    /// <summary>
    /// The TCP accept backlog (the kernel caps it at <c>net.core.somaxconn</c>, 4096 by default).
    /// Default 4096: when the queue of connections not yet accepted is full, the kernel drops the
    /// next ones' handshakes and their clients try again after a second (then 3, then 7), so a
    /// storm of agents reconnecting to a new master waits in whole seconds. The master's warm-up
    /// (2,000 loopback agents dialing at once, four times) took 8.8 s with 512, 3,502 handshakes
    /// retried (perf-reports/2026-12-07-warm-standby/).
    /// </summary>
    public int Backlog { get; init; } = 4096;

    internal ReadOnlySpan<byte> RequiredTokenBytes => _requiredTokenBytes ??= RequiredToken is null ? [] : Encoding.UTF8.GetBytes(RequiredToken);

    internal bool AdmitsRole(PeerRole role)
    {
        if (AllowedRoles is null)
            return true;
        foreach (PeerRole allowed in AllowedRoles)
        {
            if (allowed == role)
                return true;
        }

        return false;
    }

    internal override void Validate()
    {
        base.Validate();
        if (RequiredToken is not null && RequiredTokenBytes.Length > Preamble.MaxTokenLength)
            ConnectionThrowHelper.ThrowOption(nameof(RequiredToken), $"must encode to at most {Preamble.MaxTokenLength} UTF-8 bytes");
        if (Backlog <= 0)
            ConnectionThrowHelper.ThrowOption(nameof(Backlog), "must be positive");
    }
}
