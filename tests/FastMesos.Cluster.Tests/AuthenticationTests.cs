using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// <c>--authenticate_agents</c> and <c>--authenticate_frameworks</c> end to end, all as real
/// processes: an agent and an <c>execute</c> with the credential get in; <c>execute</c> without
/// it is refused at once with the master's reason and a non-zero exit.
/// </summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task Credentials_admit_agents_and_frameworks_and_their_absence_is_refused_at_once()
    {
        await using ClusterHarness harness = await ClusterHarness.StartAsync();
        string dir = harness.NewDirectory("auth");
        string credentials = Path.Combine(dir, "credentials.json");
        await File.WriteAllTextAsync(credentials, """{"credentials":[{"principal":"ops","secret":"s3cret"}]}""");
        string credential = Path.Combine(dir, "credential.txt");
        await File.WriteAllTextAsync(credential, "ops s3cret\n");
        string port = FreePort().ToString(CultureInfo.InvariantCulture);
        string master = "127.0.0.1:" + port;

        ChildProcess masterProcess = harness.StartProcess("master", "--port=" + port, "--allocation_interval=50ms",
            "--authenticate_agents", "--authenticate_frameworks", "--credentials=" + credentials);
        await masterProcess.WaitForLineAsync(l => l.StartsWith("Master listening on ", StringComparison.Ordinal), "the master's listening line");
        harness.StartProcess("agent", "--master=" + master, "--port=0", "--work_dir=" + harness.NewDirectory("agent"),
            "--resources=cpus:1;mem:256;disk:100", $"--cgroups_root={harness.CgroupsPrefix}-auth", "--credential=" + credential,
            "--registration_backoff_factor=50ms");
        await Eventually.Until(async () =>
        {
            using JsonDocument metrics = await ClusterHarness.GetJsonAsync(new Uri($"http://{master}/metrics/snapshot"));
            return metrics.RootElement.GetProperty("master/slaves_active").GetDouble() == 1;
        }, "the authenticated agent to register");

        ChildProcess refused = harness.StartProcess("execute", "--master=" + master, "--name=anon", "--command=true");
        await refused.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("authentication required", refused.Stdout + refused.Stderr, StringComparison.Ordinal);

        ChildProcess admitted = harness.StartProcess("execute", "--master=" + master, "--name=ops", "--command=true", "--credential=" + credential);
        await admitted.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(admitted.ExitCode == 0, $"execute exited {admitted.ExitCode}: {admitted.Stdout} {admitted.Stderr}");
        Assert.Contains("TASK_FINISHED", admitted.Stdout, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
