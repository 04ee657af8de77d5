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
