using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FastMesos.Hosting.Http;
using FastMesos.Messages;

namespace FastMesos.Agent.Runtime.Health;

/// <summary>
/// Runs single health probes for every task of one agent: COMMAND (<c>/bin/sh -c</c> in the task's
/// environment, sandbox and cgroups; exit 0 passes), HTTP/HTTPS (<c>GET</c> on 127.0.0.1; 200–399
/// passes; certificates are not verified, as Mesos' curl -k) and TCP (a connect passes). Each probe
/// is bounded by the check's <c>timeoutSeconds</c> on the injected clock, and at most
/// <c>maxConcurrent</c> probes run at once over all tasks, so a thousand checked tasks cannot start a
/// thousand shells in the same instant. Probes never throw (except for cancellation of the caller):
/// every failure is a result with its cause.
/// </summary>
internal sealed class HealthProbes : IDisposable
{
    // Joins the task's cgroups before running the check, so the check is limited (and killed) with
    // the task. A cgroup that vanished (the task is ending) is not an error: the check then fails or
    // passes on its own and the result is dropped by the runtime.
    private const string CommandScript = """
        __fm_cmd=$1
        shift
        for __fm_f in "$@"; do echo $$ >"$__fm_f" 2>/dev/null; done
        exec >/dev/null
        exec /bin/sh -c "$__fm_cmd"
        """;

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private const int MaxCauseLength = 200;

    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly HttpClient _http;

    public HealthProbes(TimeProvider time, int maxConcurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        _time = time;
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        _http = ProbeHttpClient.Create();
    }

    /// <summary>
    /// Waits for a free slot, then runs one probe of <paramref name="check"/>. Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancel"/> fires (the task ended).
    /// </summary>
    public async Task<(bool Passed, string? Cause)> RunAsync(HealthCheck check, HealthCheckTarget target, CancellationToken cancel)
    {
        await _slots.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            TimeSpan limit = TimeSpan.FromSeconds(check.TimeoutSeconds > 0 ? check.TimeoutSeconds : 20);
            using var timeout = new CancellationTokenSource(limit, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeout.Token);
            try
            {
                return check.Type switch
                {
                    HealthCheckType.Command => await CommandAsync(check, target, linked.Token).ConfigureAwait(false),
                    HealthCheckType.Http => await HttpAsync(check, linked.Token).ConfigureAwait(false),
                    _ => await TcpAsync(check, linked.Token).ConfigureAwait(false),
                };
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return (false, $"health check timed out after {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async Task<(bool, string?)> CommandAsync(HealthCheck check, HealthCheckTarget target, CancellationToken cancel)
    {
        if (check.Command?.Value is not { Length: > 0 } command)
            return (false, "the COMMAND health check has no command");
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = true,
            WorkingDirectory = Directory.Exists(target.Sandbox) ? target.Sandbox : "/",
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(CommandScript);
        psi.ArgumentList.Add("fastmesos-health-check");
        psi.ArgumentList.Add(command);
        foreach (string file in target.CgroupProcsFiles)
            psi.ArgumentList.Add(file);
        psi.Environment.Clear();
        foreach (KeyValuePair<string, string> variable in target.Environment)
            psi.Environment[variable.Key] = variable.Value;
        foreach (EnvironmentVariable variable in check.Command.Environment)
            psi.Environment[variable.Name] = variable.Value;
        psi.Environment.TryAdd("PATH", DefaultPath);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (false, "could not start the health check command: " + e.Message);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                throw;
            }

            string error = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode == 0)
                return (true, null);
            string cause = $"command health check exited with status {process.ExitCode.ToString(CultureInfo.InvariantCulture)}";
            if (error.Length > 0)
                cause += ": " + (error.Length > MaxCauseLength ? error[..MaxCauseLength] : error);
            return (false, cause);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    private async Task<(bool, string?)> HttpAsync(HealthCheck check, CancellationToken cancel)
    {
        string scheme = string.Equals(check.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        string path = string.IsNullOrEmpty(check.Path) ? "/" : check.Path[0] == '/' ? check.Path : "/" + check.Path;
        var uri = new Uri($"{scheme}://127.0.0.1:{check.Port.ToString(CultureInfo.InvariantCulture)}{path}");
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            return status is >= 200 and < 400 ? (true, null) : (false, $"HTTP health check got {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase} from {uri}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ObjectDisposedException)
        {
            return (false, $"HTTP health check of {uri} failed: {e.Message}");
        }
    }

    private static async Task<(bool, string?)> TcpAsync(HealthCheck check, CancellationToken cancel)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, (int)check.Port), cancel).ConfigureAwait(false);
            return (true, null);
        }
        catch (SocketException e)
        {
            return (false, $"TCP health check of 127.0.0.1:{check.Port.ToString(CultureInfo.InvariantCulture)} failed: {e.Message}");
        }
    }

    public void Dispose()
    {
        // The semaphore is not disposed: a checker still waiting on it (its task ending) must get
        // its cancellation, not an ObjectDisposedException. It holds no wait handle.
        _http.Dispose();
    }
}
