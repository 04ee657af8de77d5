using System.Runtime.InteropServices;

namespace FastMesos.Agent.Containers;

/// <summary>The few libc calls the containerizer needs that .NET does not expose (signals to arbitrary pids).</summary>
internal static partial class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone (ESRCH) or not ours.</summary>
    public static bool Kill(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
