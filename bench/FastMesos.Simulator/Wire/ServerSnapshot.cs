using System.Diagnostics;

namespace FastMesos.Simulator.Wire;

/// <summary>The server process's counters at one instant; two of them bound a measured window.</summary>
internal readonly record struct ServerSnapshot(long Messages, long Timestamp, TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public static ServerSnapshot Take(IWireServer server)
    {
        using var self = Process.GetCurrentProcess();
        return new ServerSnapshot(server.MessagesReceived, Stopwatch.GetTimestamp(), self.TotalProcessorTime,
            GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }
}
