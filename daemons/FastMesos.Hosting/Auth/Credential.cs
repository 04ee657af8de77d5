namespace FastMesos.Hosting.Auth;

/// <summary>
/// A principal and its secret, as in Mesos' credential files. On the wire a peer presents
/// <see cref="Token"/> (<c>principal:secret</c>) in its connection preamble.
/// </summary>
public sealed record Credential(string Principal, string Secret)
{
    public string Token => Principal + ":" + Secret;
}
