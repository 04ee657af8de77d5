using System.Diagnostics;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// A helper command of this same simulator in its own process — the client half of a wire load
/// (<c>wire-client</c>), the health target, the cluster's master and agent processes — so the two
/// ends do not share a GC, a thread pool or a CPU meter. Reads its stdout line by line, writes its
/// stdin; disposing kills it if it is still running.
/// </summary>
internal sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _name;

    private ClientProcess(Process process, string command)
    {
        _process = process;
        _name = $"the {command} process";
    }

    public static ClientProcess Start(IEnumerable<string> args) => Start("wire-client", args);

    /// <summary>
    /// Starts this simulator's <paramref name="command"/> (a hidden helper command) with
    /// <paramref name="args"/>; with <paramref name="pinCpu"/> under <c>taskset -c</c> (which execs,
    /// so the process keeps its pid and its CPU figures are the command's), and with
    /// <paramref name="environment"/> added to this process's.
    /// </summary>
    public static ClientProcess Start(string command, IEnumerable<string> args, int? pinCpu = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        string dll = typeof(ClientProcess).Assembly.Location;
        string host = Environment.ProcessPath ?? "dotnet";
        // Under the simulator's apphost the executable is the simulator itself; under `dotnet X.dll`
        // or another host (a test runner) the dll is run through the dotnet host.
        bool self = Path.GetFileNameWithoutExtension(host) == Path.GetFileNameWithoutExtension(dll);
        if (!self)
            host = Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var info = new ProcessStartInfo(pinCpu is null ? host : "taskset")
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        if (pinCpu is int cpu)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(host);
        }

        if (!self)
            info.ArgumentList.Add(dll);
        info.ArgumentList.Add(command);
        foreach (string a in args)
            info.ArgumentList.Add(a);
        foreach ((string name, string value) in environment ?? [])
            info.Environment[name] = value;
        return new ClientProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + command), command);
    }

    /// <summary>The next stdout line, or an exception naming <paramref name="what"/> when it does not come in time or the client exits.</summary>
    public async Task<string> ReadLineAsync(string what, TimeSpan timeout) => await ReadLineAsync(ReadLineAsync(), what, timeout);

    /// <summary>The next stdout line, null at the end; the caller bounds the wait (see the overload).</summary>
    public Task<string?> ReadLineAsync() => _process.StandardOutput.ReadLineAsync();

    /// <summary>Waits for a line <paramref name="pending"/> from <see cref="ReadLineAsync()"/>, killing the client when it overruns.</summary>
    public async Task<string> ReadLineAsync(Task<string?> pending, string what, TimeSpan timeout)
    {
        try
        {
            string? line = await pending.WaitAsync(timeout);
            return line ?? throw new InvalidOperationException($"{_name} exited before {what} (exit code {ExitCode()})");
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{_name} gave no {what} within {timeout.TotalSeconds:F0} s; killed it");
        }
    }

    /// <summary>The process id (taskset execs the command, so it is the command's).</summary>
    public int Id => _process.Id;

    /// <summary>User + system CPU time so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident set size now (VmRSS).</summary>
    public long RssBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Writes one line to the process's stdin.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes the process's stdin (the helper commands stop at the end of their input).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{_name} did not exit within {timeout.TotalSeconds:F0} s; killed it");
        }
    }

    private string ExitCode()
    {
        _process.WaitForExit(5_000);
        return _process.HasExited ? _process.ExitCode.ToString() : "none yet";
    }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
