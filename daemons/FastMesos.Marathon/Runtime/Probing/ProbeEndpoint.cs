using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// One (host, port) that health checks probe: its address, the encoded request of the path last
/// probed there (built once per check definition, not per probe) and the kept-alive connections
/// waiting for the next probe. Thread-safe.
/// </summary>
internal sealed class ProbeEndpoint
{
    /// <summary>Idle connections kept per endpoint: probes of one endpoint rarely overlap.</summary>
    private const int MaxIdle = 4;

    private readonly Stack<HttpProbeConnection> _idle = new(MaxIdle);
    private readonly string _hostHeader;
    private Tuple<string, byte[]>? _request;   // (path, encoded request): swapped as one reference
    private bool _removed;

    public ProbeEndpoint(string host, int port)
    {
        Host = host;
        Port = port;
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            Address = new IPEndPoint(address, port);
            _hostHeader = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{host}:{port}";
        }
        else
        {
            Address = new DnsEndPoint(host, port);
            _hostHeader = $"{host}:{port}";
        }
        LastUsed = Environment.TickCount64;
    }

    public string Host { get; }

    public int Port { get; }

    public EndPoint Address { get; }

    /// <summary><see cref="Environment.TickCount64"/> of the last probe started here.</summary>
    public long LastUsed { get; set; }

    /// <summary><c>GET path HTTP/1.1</c> with this endpoint's <c>Host</c>, encoded once per path.</summary>
    public byte[] RequestFor(string path)
    {
        Tuple<string, byte[]>? request = Volatile.Read(ref _request);
        if (request is not null && string.Equals(request.Item1, path, StringComparison.Ordinal))
            return request.Item2;
        request = Tuple.Create(path, Encode(path, _hostHeader));
        Volatile.Write(ref _request, request);
        return request.Item2;
    }

    public HttpProbeConnection? TryTakeIdle()
    {
        lock (_idle)
            return _idle.TryPop(out HttpProbeConnection? connection) ? connection : null;
    }

    /// <summary>Keeps a connection for the next probe; false when the caller must close it instead.</summary>
    public bool TryReturnIdle(HttpProbeConnection connection)
    {
        lock (_idle)
        {
            if (_removed || _idle.Count >= MaxIdle)
                return false;
            connection.IdleSince = Environment.TickCount64;
            _idle.Push(connection);
            return true;
        }
    }

    /// <summary>
    /// Moves the connections idle since before <paramref name="cutoff"/> to <paramref name="expired"/>;
    /// when none is left and no probe started here since the cutoff, marks the endpoint removed
    /// (connections returned later are closed) and returns true.
    /// </summary>
    public bool Expire(long cutoff, List<HttpProbeConnection> expired)
    {
        lock (_idle)
        {
            if (_idle.Count > 0 && _idle.Peek().IdleSince < cutoff)
            {
                // The stack's top is the newest: when it is stale, all are.
                while (_idle.TryPop(out HttpProbeConnection? connection))
                    expired.Add(connection);
            }
            _removed = _idle.Count == 0 && LastUsed < cutoff;
            return _removed;
        }
    }

    private static byte[] Encode(string path, string hostHeader)
    {
        var text = new StringBuilder(path.Length + hostHeader.Length + 32);
        text.Append("GET ");
        // What the request line cannot carry raw (spaces, controls, non-ASCII) is percent-encoded, as Uri would.
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            if (b is > 0x20 and < 0x7f)
                text.Append((char)b);
            else
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        text.Append(" HTTP/1.1\r\nHost: ").Append(hostHeader).Append("\r\n\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
