using System.Runtime.InteropServices;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// <c>poll(2)</c> over many sockets in one call: what <see cref="HttpProbeWaves"/> checks each wave
/// with (Socket.Select would rebuild lists of sockets and map ready ones back per wave).
/// </summary>
internal static partial class Poll
{
    public const short In = 0x001;
    public const short Out = 0x004;

    [StructLayout(LayoutKind.Sequential)]
    public struct Descriptor
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    /// <summary>Descriptors of <paramref name="fds"/>[0..count) ready now (no wait); their <c>Returned</c> says how.</summary>
    public static unsafe int Ready(Descriptor[] fds, int count)
    {
        fixed (Descriptor* first = fds)
        {
            while (true)
            {
                int ready = poll(first, (nuint)count, 0);
                // EINTR: a signal interrupted the call; anything else leaves the descriptors to their own receives.
                if (ready >= 0 || Marshal.GetLastPInvokeError() != 4)
                    return ready;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int poll(Descriptor* fds, nuint count, int timeout);
}
