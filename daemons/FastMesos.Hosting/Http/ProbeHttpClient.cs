namespace FastMesos.Hosting.Http;

/// <summary>
/// The HTTP client health probes use (Marathon-level checks in Marathon, Mesos-level ones on the
/// agent): no redirects followed (a 3xx is itself a pass), no proxy, certificates not verified
/// (HTTPS checks never verify, as Marathon and Mesos' <c>curl -k</c>), no client-wide timeout
/// (each probe brings its own).
/// </summary>
public static class ProbeHttpClient
{
    public static HttpClient Create()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
