using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// <c>dotnet fastmesos.dll ...</c> as a real child process with its output captured line by line.
/// Disposing kills it (and its process tree) if it still runs, so a failed test leaves nothing behind.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The fastmesos CLI, copied into the test output by the project reference.</summary>
    public static string FastMesosDll => Path.Combine(AppContext.BaseDirectory, "fastmesos.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StdoutLines { get { lock (_stdout) return [.. _stdout]; } }

    public string Stdout { get { lock (_stdout) return string.Join('\n', _stdout); } }

    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    /// <summary>Starts <c>dotnet fastmesos.dll</c> with <paramref name="args"/> (each one argument, no shell).</summary>
    public static ChildProcess StartFastMesos(params string[] args) =>
        Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [FastMesosDll, .. args]);

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/> (each one argument, no shell),
    /// and <paramref name="environment"/> added to this process's.
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> args, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        foreach ((string name, string value) in environment ?? [])
            info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(child._stdout, child._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(child._stderr, child._stderrClosed, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code; output is complete afterwards.</summary>
    public static async Task<ChildProcess> RunFastMesosAsync(TimeSpan timeout, params string[] args)
    {
        ChildProcess child = StartFastMesos(args);
        await child.WaitForExitAsync(timeout);
        return child;
    }

    /// <summary>Waits for a stdout line that matches and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            bool exited = _process.HasExited;
            foreach (string line in StdoutLines)
            {
                if (match(line))
                    return line;
            }

            // The output of an exited process is complete once both streams closed.
            if ((exited && _stdoutClosed.Task.IsCompleted) || DateTime.UtcNow > deadline)
                Assert.Fail($"no {what} on stdout{(exited ? $" (exit code {_process.ExitCode})" : "")}; stdout: {Stdout}; stderr: {Stderr}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the exit and for the end of both output streams.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the process did not exit within {timeout.TotalSeconds:0} s (stdout: {Stdout}; stderr: {Stderr})");
        }
    }

    /// <summary>SIGKILL: the process dies without any cleanup (its task processes live on).</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM: the graceful stop a user's Ctrl-C or an init system asks for.</summary>
    public void Terminate()
    {
        if (SysKill(_process.Id, 15) != 0)
            Assert.Fail($"kill -TERM {_process.Id} failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (lines)
            lines.Add(line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
