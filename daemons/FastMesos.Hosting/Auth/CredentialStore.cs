using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FastMesos.Hosting.Auth;

/// <summary>
/// The principals a master admits (<c>--credentials</c>), read from a file in either of Mesos'
/// forms: JSON <c>{"credentials":[{"principal":"p","secret":"s"}]}</c> or text lines
/// <c>principal secret</c>. Verification compares secrets in constant time.
/// </summary>
public sealed class CredentialStore
{
    private readonly Dictionary<string, byte[]> _secrets;

    public CredentialStore(IEnumerable<Credential> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (Credential credential in credentials)
            _secrets[credential.Principal] = Encoding.UTF8.GetBytes(credential.Secret);
    }

    public int Count => _secrets.Count;

    /// <summary>Reads a credentials file; a malformed one throws <see cref="FormatException"/> naming the file and the problem.</summary>
    public static CredentialStore Load(string path) => new(ReadFile(path));

    /// <summary>Reads the single credential of an agent's or framework's <c>--credential</c> file.</summary>
    public static Credential LoadSingle(string path)
    {
        List<Credential> all = ReadFile(path);
        if (all.Count != 1)
            throw new FormatException($"credential file '{path}' must hold exactly one credential, found {all.Count}");
        return all[0];
    }

    /// <summary>Null when <paramref name="token"/> is <c>principal:secret</c> of a known principal; otherwise why not.</summary>
    public string? Verify(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
            return "authentication required: no credential presented";
        int colon = token.IndexOf((byte)':');
        if (colon <= 0)
            return "authentication failed: the credential is not 'principal:secret'";
        string principal = Encoding.UTF8.GetString(token[..colon]);
        if (!_secrets.TryGetValue(principal, out byte[]? secret) || !CryptographicOperations.FixedTimeEquals(secret, token[(colon + 1)..]))
            return $"authentication failed for principal '{principal}'";
        return null;
    }

    private static List<Credential> ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read credentials file '{path}': {e.Message}", e);
        }

        return text.TrimStart().StartsWith('{') ? ParseJson(path, text) : ParseText(path, text);
    }

    private static List<Credential> ParseJson(string path, string text)
    {
        var result = new List<Credential>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("credentials", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException($"credentials file '{path}': expected an object with a 'credentials' array");
            foreach (JsonElement entry in list.EnumerateArray())
            {
                string? principal = entry.TryGetProperty("principal", out JsonElement p) ? p.GetString() : null;
                string? secret = entry.TryGetProperty("secret", out JsonElement s) ? s.GetString() : null;
                if (string.IsNullOrEmpty(principal) || secret is null)
                    throw new FormatException($"credentials file '{path}': every credential needs 'principal' and 'secret'");
                result.Add(new Credential(principal, secret));
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"credentials file '{path}': invalid JSON: {e.Message}", e);
        }

        return result;
    }

    private static List<Credential> ParseText(string path, string text)
    {
        var result = new List<Credential>();
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
                throw new FormatException($"credentials file '{path}' line {lineNumber}: expected 'principal secret'");
            result.Add(new Credential(parts[0], parts[1]));
        }

        return result;
    }
}
