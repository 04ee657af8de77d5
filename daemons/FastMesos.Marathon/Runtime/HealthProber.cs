using System.Net;
using System.Net.Sockets;
using FastMesos.Apps.Health;
using FastMesos.Apps.Model;
using FastMesos.Hosting.Http;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Runs Marathon-level health probes (HTTP, HTTPS without certificate checks, TCP connect) from
/// the leader, each bounded by the check's <c>timeoutSeconds</c>, at most
/// <see cref="MaxConcurrent"/> at a time (Marathon's <c>--max_concurrent_marathon_health_checks</c>).
/// Probes never throw: a refused connection, a timeout or a bad status is a failed result with its cause.
/// </summary>
internal sealed class HealthProber : IDisposable
{
    public const int MaxConcurrent = 256;

    private readonly HttpClient _http;
    private int _inFlight;
    private long _completed;
    private long _failed;

    public HealthProber()
    {
        _http = ProbeHttpClient.Create();
    }

    /// <summary>Probes finished so far (any outcome); <see cref="Failed"/> of them did not pass.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Probes in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>False when <see cref="MaxConcurrent"/> probes are already running (the caller tries again next tick).</summary>
    public bool TryStart() => Interlocked.Increment(ref _inFlight) <= MaxConcurrent || Release();

    private bool Release()
    {
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Runs one probe; call only after <see cref="TryStart"/> returned true.</summary>
    public async Task<(bool? Passed, string? Cause)> ProbeAsync(HealthCheck check, string host, int port)
    {
        (bool? Passed, string? Cause) result = await ProbeOnceAsync(check, host, port).ConfigureAwait(false);
        Interlocked.Increment(ref _completed);
        if (result.Passed != true)
            Interlocked.Increment(ref _failed);
        return result;
    }

    private async Task<(bool? Passed, string? Cause)> ProbeOnceAsync(HealthCheck check, string host, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, check.TimeoutSeconds)));
            if (check.Protocol == HealthCheckProtocol.Tcp)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                return (true, null);
            }

            string scheme = check.Protocol == HealthCheckProtocol.Https ? "https" : "http";
            string path = string.IsNullOrEmpty(check.Path) ? "/" : check.Path;
            using HttpResponseMessage response = await _http.GetAsync(new Uri($"{scheme}://{host}:{port}{path}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            bool? passed = HealthPolicy.HttpPasses(check, status);
            return (passed, passed == false ? $"{status} {response.ReasonPhrase}" : null);
        }
        catch (OperationCanceledException)
        {
            return (false, $"health check timed out after {check.TimeoutSeconds} s");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            return (false, e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The port a check probes on an instance: <c>port</c>, else the host port at <c>portIndex</c> (0 by default).</summary>
    public static int? PortOf(HealthCheck check, Instance instance)
    {
        if (check.Port is { } port)
            return port;
        int index = check.PortIndex ?? 0;
        return index < instance.HostPorts.Count ? instance.HostPorts[index] : null;
    }

    /// <summary>The address to probe: the agent's host as Marathon knows it.</summary>
    public static string HostOf(Instance instance) =>
        instance.Host is { } host && IPAddress.TryParse(host, out _) ? host : instance.Host ?? "127.0.0.1";
}
