namespace FastMesos.Marathon.Runtime;

/// <summary>
/// UUIDs that sort (as text) in the order they were made: RFC 9562 version 7 — 48 bits of Unix
/// milliseconds — with its method 1 counter: the 12 bits of rand_a and the first 30 of rand_b count
/// up within a millisecond from a random start, and the last 32 bits are random.
/// <para>
/// Why: instance ids are the keys of Marathon's store (<c>instances/&lt;id&gt;</c>, a B-tree). With
/// random (version 4) ids every stored launch and status change landed on a random page of its app's
/// key range, so each commit of a batch rewrote about one 4 KiB page per instance in the write-ahead
/// log; with ids in creation order, the instances an app launches together share pages.
/// </para>
/// <para>
/// The random bits come from <see cref="Random.Shared"/>, not the cryptographic generator: an id
/// must be unique, not unguessable (it is listed by the REST API to anyone who may read the app),
/// and each call to the cryptographic one went through OpenSSL's generator and its fork check (a
/// <c>getpid</c> system call), about 2 µs per instance: 6% of Marathon's CPU in a 1,000 × 300 deploy
/// (perf-reports/2026-12-06-uuid-randomness.md). Within a process the time and the counter make ids
/// unique; the random counter start and the 32 random bits keep apart the ids two processes (an HA
/// pair, a restarted Marathon) make in the same millisecond.
/// </para>
/// </summary>
internal static class TimeOrderedUuid
{
    private const int CounterBits = 42;
    private const long CounterMask = (1L << CounterBits) - 1;

    private static readonly Lock Gate = new();
    private static long s_lastMs;
    private static long s_counter;

    public static Guid Next()
    {
        long ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long counter;
        lock (Gate)
        {
            if (ms > s_lastMs)
            {
                s_lastMs = ms;
                // A random start in the lower half leaves 2^41 ids for this millisecond.
                s_counter = Random.Shared.Next(1 << 24);
            }
            else
            {
                // The same millisecond, or the clock went back: count on from the last id.
                s_counter++;
                if (s_counter > CounterMask)
                {
                    s_lastMs++;
                    s_counter = 0;
                }
            }

            ms = s_lastMs;
            counter = s_counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | ((counter >> 38) & 0x0f));
        bytes[7] = (byte)(counter >> 30);
        bytes[8] = (byte)(0x80 | ((counter >> 24) & 0x3f));
        bytes[9] = (byte)(counter >> 16);
        bytes[10] = (byte)(counter >> 8);
        bytes[11] = (byte)counter;
        Random.Shared.NextBytes(bytes[12..]);
        return new Guid(bytes, bigEndian: true);
    }
}
