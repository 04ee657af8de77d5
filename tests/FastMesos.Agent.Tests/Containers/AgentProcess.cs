using System.Diagnostics;
using System.Text.Json;
using FastMesos.Agent.Containers;
using FastMesos.Messages;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>
/// A stand-in agent in a separate process: it launches one container with the real
/// <see cref="ProcessContainerizer"/>, prints the checkpoint as one JSON line and waits to be killed.
/// The test then SIGKILLs it and checks that the container lives on and can be recovered.
/// </summary>
internal static class AgentProcess
{
    public const string Verb = "containers-agent";

    /// <summary>args: runtimeDir cgroupsRoot sandbox containerId command</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var containerizer = new ProcessContainerizer(new ProcessContainerizerOptions { RuntimeDirectory = args[0], CgroupsRoot = args[1] });
        ContainerHandle handle = await containerizer.LaunchAsync(new ContainerLaunch
        {
            ContainerId = args[3],
            SandboxDirectory = args[2],
            Command = new CommandInfo { Value = args[4] },
            Cpus = 0.25,
            MemoryBytes = 64L << 20,
        }, CancellationToken.None);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(handle.Checkpoint));
        await Console.Out.FlushAsync();
        // Block until killed; reading stdin keeps this free of timers.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Starts the stand-in agent from the test assembly itself (apphost, else dotnet + dll).</summary>
    public static Process Start(string runtimeDir, string cgroupsRoot, string sandbox, string containerId, string command)
    {
        string dll = typeof(AgentProcess).Assembly.Location;
        string appHost = Path.ChangeExtension(dll, null);
        var psi = File.Exists(appHost) ? new ProcessStartInfo(appHost) : new ProcessStartInfo("dotnet") { ArgumentList = { "exec", dll } };
        psi.ArgumentList.Add(Verb);
        psi.ArgumentList.Add(runtimeDir);
        psi.ArgumentList.Add(cgroupsRoot);
        psi.ArgumentList.Add(sandbox);
        psi.ArgumentList.Add(containerId);
        psi.ArgumentList.Add(command);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        return Process.Start(psi)!;
    }
}
