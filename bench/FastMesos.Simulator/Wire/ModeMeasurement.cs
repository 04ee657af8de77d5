namespace FastMesos.Simulator.Wire;

/// <summary>One mode's measured window: the server's counts and costs, and the client's report.</summary>
internal sealed record ModeMeasurement
{
    public required WireMode Mode { get; init; }
    public required ClientReport Client { get; init; }

    /// <summary>Pings the server received in the window.</summary>
    public long Messages { get; init; }
    public double Seconds { get; init; }
    public double ServerCpuUs { get; init; }
    public long AllocatedBytes { get; init; }
    public int Gen0Collections { get; init; }
    public int Gen1Collections { get; init; }
    public int Gen2Collections { get; init; }
    public long RefusedSends { get; init; }

    public double MsgsPerSec => Seconds > 0 ? Messages / Seconds : 0;
    public double CpuUsPerMsg => Messages > 0 ? ServerCpuUs / Messages : 0;
    public double AllocatedBytesPerMsg => Messages > 0 ? (double)AllocatedBytes / Messages : 0;
    public double ClientCpuUsPerMsg => Client.Pongs > 0 ? Client.CpuUs / Client.Pongs : 0;
}
