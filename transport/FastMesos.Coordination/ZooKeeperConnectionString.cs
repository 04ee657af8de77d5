using System.Globalization;

namespace FastMesos.Coordination;

/// <summary>
/// A parsed <c>zk://[user:pass@]h1:p1,h2:p2/chroot</c> (Mesos' --zk and --master syntax). A host without
/// a port uses 2181. The chroot ("" for none) is prefixed to every path the client sends.
/// </summary>
public sealed class ZooKeeperConnectionString
{
    public const int DefaultPort = 2181;
    private const string Scheme = "zk://";

    private ZooKeeperConnectionString(IReadOnlyList<(string Host, int Port)> hosts, string chroot, string? user, string? password)
    {
        Hosts = hosts;
        Chroot = chroot;
        User = user;
        Password = password;
    }

    public IReadOnlyList<(string Host, int Port)> Hosts { get; }

    /// <summary>"" or an absolute path without a trailing slash (e.g. "/fastmesos").</summary>
    public string Chroot { get; }

    /// <summary>Digest-auth credentials, sent after every (re)connect when present.</summary>
    public string? User { get; }

    public string? Password { get; }

    public static ZooKeeperConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
            Fail(text, "it must start with zk://");
        string rest = text[Scheme.Length..];

        string? user = null, password = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            string credentials = rest[..at];
            int colon = credentials.IndexOf(':');
            if (colon <= 0 || colon == credentials.Length - 1)
                Fail(text, "credentials must be user:password");
            user = credentials[..colon];
            password = credentials[(colon + 1)..];
            rest = rest[(at + 1)..];
        }

        int slash = rest.IndexOf('/');
        string hostList = slash < 0 ? rest : rest[..slash];
        string chroot = slash < 0 ? "" : rest[slash..];
        if (chroot == "/")
            chroot = "";
        if (chroot.Length > 0 && (chroot.EndsWith('/') || chroot.Contains("//", StringComparison.Ordinal)))
            Fail(text, $"the chroot '{chroot}' has an empty path segment");

        var hosts = new List<(string, int)>();
        foreach (string entry in hostList.Split(','))
            hosts.Add(ParseHost(text, entry));
        return new ZooKeeperConnectionString(hosts, chroot, user, password);
    }

    /// <summary>
    /// Mesos' --zk and --master=zk:// URLs name a znode path (the election group), not a chroot: splits
    /// one into the ensemble to connect to (credentials kept) and that path. Throws
    /// <see cref="FormatException"/> when the URL is malformed or has no path.
    /// </summary>
    public static (string Ensemble, string Group) SplitGroup(string url)
    {
        ZooKeeperConnectionString parsed = Parse(url);
        if (parsed.Chroot.Length == 0 || !url.EndsWith(parsed.Chroot, StringComparison.Ordinal))
            throw new FormatException("the ZooKeeper URL must end with the znode path the masters share, e.g. zk://host:2181/mesos");
        return (url[..^parsed.Chroot.Length], parsed.Chroot);
    }

    public override string ToString()
    {
        var parts = new List<string>(Hosts.Count);
        foreach ((string host, int port) in Hosts)
            parts.Add($"{host}:{port}");
        string credentials = User is null ? "" : $"{User}:***@";
        return $"{Scheme}{credentials}{string.Join(',', parts)}{Chroot}";
    }

    private static (string, int) ParseHost(string text, string entry)
    {
        if (entry.Length == 0)
            Fail(text, "a host is empty");
        int colon = entry.LastIndexOf(':');
        if (colon < 0)
            return (entry, DefaultPort);
        string host = entry[..colon];
        if (host.Length == 0)
            Fail(text, $"'{entry}' has no host name");
        if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            Fail(text, $"'{entry}' has no valid port (1-65535)");
        return (host, port);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string text, string reason) =>
        throw new FormatException($"invalid ZooKeeper connection string '{Redact(text)}': {reason}");

    /// <summary>Error messages end up in logs: the credentials never do.</summary>
    private static string Redact(string text)
    {
        int at = text.LastIndexOf('@');
        return at < 0 || !text.StartsWith(Scheme, StringComparison.Ordinal) ? text : Scheme + "***" + text[at..];
    }
}
