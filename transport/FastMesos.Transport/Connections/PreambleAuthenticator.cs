namespace FastMesos.Transport.Connections;

/// <summary>
/// Decides whether a dialer may connect with <paramref name="role"/> and <paramref name="token"/>
/// (the preamble's auth token, e.g. <c>principal:secret</c>). Returns null to admit, or the reason
/// for the refusal, which the dialer receives in the close frame. Called on the connection's
/// read loop before any frame: keep it quick and constant-time in the secret.
/// </summary>
public delegate string? PreambleAuthenticator(PeerRole role, ReadOnlySpan<byte> token);
