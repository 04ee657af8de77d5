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

    /// <summary>getpwnam(3) (through NSS, so directory users resolve too): the user's uid and primary gid, or null when unknown.</summary>
    public static (uint Uid, uint Gid)? LookupUser(string name)
    {
        // getpwnam returns a static buffer: one lookup at a time.
        lock (PasswdLock)
        {
            nint entry = getpwnam(name);
            if (entry == 0)
            {
                return null;
            }
            // struct passwd { char* pw_name; char* pw_passwd; uid_t pw_uid; gid_t pw_gid; ... } on LP64 glibc.
            int at = 2 * IntPtr.Size;
            return ((uint)Marshal.ReadInt32(entry, at), (uint)Marshal.ReadInt32(entry, at + 4));
        }
    }

    static readonly Lock PasswdLock = new();

    /// <summary>lchown(2): changes the owner of <paramref name="path"/> itself (a symlink is not followed).</summary>
    public static void ChangeOwner(string path, uint uid, uint gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw new IOException($"chown '{path}' failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getpwnam(string name);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string from, string to);
}
