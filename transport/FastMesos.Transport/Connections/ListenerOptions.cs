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

    /// <summary>The TCP accept backlog. Default 512.</summary>
    public int Backlog { get; init; } = 512;

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
