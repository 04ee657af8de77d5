using System.Globalization;

namespace FastMesos.Agent.Containers;

/// <summary>Turns what the launcher recorded into a <see cref="ContainerTermination"/> with Mesos' wording.</summary>
internal static class Terminations
{
    /// <summary>
    /// Builds the termination from the shell's exit status. The launcher's shell reports a child
    /// killed by signal N as 128+N, so statuses 129..192 are read as signals (a command that itself
    /// exits with such a code is indistinguishable, as with any POSIX shell).
    /// </summary>
    public static ContainerTermination From(int? status, bool killed, bool recovered, (long Limit, long MaxUsage)? oom)
    {
        if (oom is { } o)
        {
            return new ContainerTermination
            {
                ExitCode = status is { } s and <= 128 ? s : null,
                Signal = status is > 128 and <= 192 ? status - 128 : null,
                OutOfMemory = true,
                Killed = killed,
                Recovered = recovered,
                Message = $"Memory limit exceeded: Requested: {FormatBytes(o.Limit)} Maximum Used: {FormatBytes(o.MaxUsage)}",
            };
        }
        if (status is null)
        {
            return new ContainerTermination
            {
                Killed = killed,
                Recovered = recovered,
                Message = recovered ? "Container terminated while the agent was away; exit status unknown" : "Container terminated; exit status unknown",
            };
        }
        if (status > 128 && status <= 192)
        {
            int signal = status.Value - 128;
            return new ContainerTermination
            {
                Signal = signal,
                Killed = killed,
                Recovered = recovered,
                Message = "Command terminated with signal " + SignalName(signal),
            };
        }
        return new ContainerTermination
        {
            ExitCode = status,
            Killed = killed,
            Recovered = recovered,
            Message = "Command exited with status " + status.Value.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>strsignal(3) wording for the common signals (Mesos prints strsignal).</summary>
    public static string SignalName(int signal) => signal switch
    {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        4 => "Illegal instruction",
        6 => "Aborted",
        7 => "Bus error",
        8 => "Floating point exception",
        9 => "Killed",
        10 => "User defined signal 1",
        11 => "Segmentation fault",
        12 => "User defined signal 2",
        13 => "Broken pipe",
        14 => "Alarm clock",
        15 => "Terminated",
        _ => "Signal " + signal.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>stout's Bytes printing: the largest unit that loses no information (32MB, 1536KB, 7B).</summary>
    public static string FormatBytes(long bytes)
    {
        if (bytes == 0)
        {
            return "0B";
        }
        ReadOnlySpan<string> units = ["B", "KB", "MB", "GB", "TB"];
        int unit = 0;
        while (unit < units.Length - 1 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            unit++;
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + units[unit];
    }
}
