using System.Security.Cryptography;
using System.Text;

namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>--http_credentials user:password</c>: the one user HTTP Basic authentication admits. The
/// comparison is constant-time so a wrong password's timing says nothing about the right one.
/// </summary>
public sealed class BasicCredentials
{
    private readonly byte[] _expected;

    private BasicCredentials(string user, string password)
    {
        User = user;
        _expected = Encoding.UTF8.GetBytes("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
    }

    public string User { get; }

    /// <summary>Parses <c>user:password</c> (the password may contain colons).</summary>
    public static BasicCredentials Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new FormatException("--http_credentials must be 'user:password'");
        return new BasicCredentials(text[..colon], text[(colon + 1)..]);
    }

    /// <summary>True when the Authorization header carries exactly these credentials.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null)
            return false;
        byte[] given = Encoding.UTF8.GetBytes(authorization.Trim());
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
