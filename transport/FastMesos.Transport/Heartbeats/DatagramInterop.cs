using System.Runtime.InteropServices;

namespace FastMesos.Transport.Heartbeats;

/// <summary>
/// Linux' <c>recvmmsg(2)</c> and <c>sendmmsg(2)</c>, which move many datagrams in one system call.
/// The BCL's <c>Socket</c> has no batched datagram calls and no served package wraps them; the
/// structures below are the x86-64 / arm64 LP64 layouts of <c>struct mmsghdr</c>, <c>struct msghdr</c>
/// and <c>struct iovec</c> (sequential layout reproduces C's padding: 56 and 64 bytes).
/// </summary>
internal static unsafe partial class DatagramInterop
{
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int EAgain = 11;
    public const int EIntr = 4;

    /// <summary><c>SOL_SOCKET</c>, and <c>SO_TIMESTAMPNS</c> (the option and its control message type).</summary>
    public const int SolSocket = 1;
    public const int SoTimestampNs = 35;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary><c>struct cmsghdr</c>: its data follows at <see cref="Size"/> (16 bytes, already aligned).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr
    {
        public const int Size = 16;
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary><c>struct timespec</c> as <c>SO_TIMESTAMPNS</c> delivers it on LP64: seconds and nanoseconds since the Unix epoch.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    /// <summary>True where the calls and layouts above hold: 64-bit Linux.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && IntPtr.Size == 8
        && sizeof(MMsgHdr) == 64 && sizeof(MsgHdr) == 56 && sizeof(CMsgHdr) == CMsgHdr.Size && sizeof(TimeSpec) == 16;
}
