using System.Diagnostics;

namespace FastMesos.Hosting.Tests;

/// <summary>Real signals, sent with <c>kill</c> to a child process running <see cref="Program"/>.</summary>
public class ShutdownSignalProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("TERM", "SIGTERM")]
    [InlineData("INT", "SIGINT")]
    public async Task First_signal_is_a_graceful_request(string signal, string name)
    {
        using Process child = StartChild("exit");
        await ExpectLine(child, "ready");
        Kill(child, signal);
        await ExpectLine(child, "shutdown " + name);
        await child.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(0, child.ExitCode);
    }

    [Fact]
    public async Task Second_signal_terminates()
    {
        using Process child = StartChild("stay");
        try
        {
            await ExpectLine(child, "ready");
            Kill(child, "TERM");
            await ExpectLine(child, "shutdown SIGTERM");
            Assert.False(child.HasExited);
            Kill(child, "TERM");
            await child.WaitForExitAsync().WaitAsync(Timeout);
            Assert.NotEqual(3, child.ExitCode); // 3 = it slept through the second signal
            Assert.NotEqual(0, child.ExitCode);
        }
        finally
        {
            if (!child.HasExited)
                child.Kill();
        }
    }

    private static Process StartChild(string mode)
    {
        string dll = typeof(Program).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("signal-child");
        info.ArgumentList.Add(mode);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the signal child");
    }

    private static async Task ExpectLine(Process child, string expected)
    {
        string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
        Assert.True(line == expected, $"expected '{expected}' from the child, got '{line}'; stderr: {(line is null ? await child.StandardError.ReadToEndAsync() : "")}");
    }

    private static void Kill(Process child, string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, child.Id.ToString()]);
        kill.WaitForExit(Timeout);
        Assert.Equal(0, kill.ExitCode);
    }
}
