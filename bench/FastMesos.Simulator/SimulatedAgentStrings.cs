using FastMesos.Transport.Codec;

namespace FastMesos.Simulator;

/// <summary>
/// The decode pool of every simulated agent in a process. It skips commands
/// (<see cref="StringPool.SkipsCommands"/>): a simulated agent acknowledges a launch and reports the
/// task's states but never runs its command, and building a Marathon task's environment strings
/// only to drop them was load the system under test does not have, taken from the two cores it
/// shares (perf-reports/2026-12-05-marathon-store-io.md).
/// <para>65,536 slots, as the master's: the id a RunTask brings is found again in the master's
/// acknowledgement of the task's update only while it is still pooled, and a Marathon deploy's
/// launches overwrote 4,096 slots before most acknowledgements came.</para>
/// </summary>
internal static class SimulatedAgentStrings
{
    public static StringPool Pool { get; } = new(65536) { SkipsCommands = true };
}
