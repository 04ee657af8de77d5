using System.Runtime.InteropServices;

namespace FastMesos.Agent.Containers;

/// <summary>The few libc calls the containerizer needs that .NET does not expose (signals to arbitrary pids, rename of a symlink).</summary>
internal static partial class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone (ESRCH) or not ours.</summary>
    public static bool Kill(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    /// <summary>rename(2): atomically replaces <paramref name="to"/>, never following symlinks (File.Move refuses a link to a directory).</summary>
    public static void Rename(string from, string to)
    {
        if (rename(from, to) != 0)
        {
            throw new IOException($"rename '{from}' to '{to}' failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string from, string to);
}
