namespace FastMesos.Simulator.Reporting;

/// <summary>
/// One figure of one result line (<see cref="Result"/>: its 1-based number among the lines gated)
/// against its history. <see cref="Threshold"/> is null while fewer comparable lines came before
/// than the gate needs (nothing to gate yet: the first runs on a machine make the history).
/// </summary>
internal sealed record GateVerdict(int Result, string Key, string Figure, Better Better, double Value, int HistoryRuns, double? Worst, double? Threshold)
{
    /// <summary>A run that failed its own checks (<c>ok: false</c>) regresses whatever its speed.</summary>
    public bool RunFailed { get; init; }

    public bool Regressed => RunFailed || Threshold is { } t && (Better == Better.Higher ? Value < t : Value > t);
}
