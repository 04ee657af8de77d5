namespace FastMesos.Engine;

/// <summary>
/// The result of an ACCEPT. When <see cref="OffersValid"/> is false the call was refused as a
/// whole (unknown, rescinded, foreign or mixed offers) and the engine changed nothing: the offers
/// that were outstanding still are. Otherwise each task and operation has its own outcome.
/// </summary>
public sealed class AcceptResult
{
    public bool OffersValid { get; init; }
    public string? Error { get; init; }
    public List<TaskOutcome> Tasks { get; } = [];
    public List<OperationOutcome> Operations { get; } = [];
}
