using System.Security.Cryptography;

namespace FastMesos.Simulator;

/// <summary>
/// The uuids of the simulated agents' status updates: a counter in the first eight bytes and a
/// random tail per process. Unique is all an update's uuid must be (the master and the framework
/// match an acknowledgement to its update by it). <see cref="Guid.NewGuid"/> read the kernel's
/// random source for every update, about 1.5 µs: a tenth of an agent process's samples in a
/// Marathon deploy, load the system under test does not have, taken from the two cores it shares
/// (perf-reports/2026-12-06-uuid-randomness.md).
/// </summary>
internal static class UpdateUuids
{
    private static long s_next;

    // Random per process, so that the agent processes of one run (and two runs) never share a uuid.
    private static readonly byte[] Tail = RandomTail();

    /// <summary>A uuid no other call in any process makes; safe from any thread.</summary>
    public static Guid Next()
    {
        long n = Interlocked.Increment(ref s_next);
        return new Guid((int)(n >> 32), (short)(n >> 16), (short)n, Tail);
    }

    private static byte[] RandomTail()
    {
        byte[] tail = RandomNumberGenerator.GetBytes(8);
        tail[0] = (byte)(0x80 | (tail[0] & 0x3f));   // the RFC 9562 variant bits
        return tail;
    }
}
