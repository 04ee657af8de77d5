using System.Runtime.Versioning;
using FastMesos.Agent.Tests.Containers;

// The agent's containers are Linux processes in Linux cgroups; so are these tests.
[assembly: SupportedOSPlatform("linux")]

namespace FastMesos.Agent.Tests;

/// <summary>
/// Entry point of the test assembly when run as a program (the test runner does not call it):
/// <c>containers-agent ...</c> plays an agent that launches one container and is then killed by a test.
/// </summary>
internal static class Program
{
    static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == AgentProcess.Verb)
        {
            return await AgentProcess.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync("This is a test assembly; run it with dotnet test.");
        return 2;
    }
}
