namespace FastMesos.Engine;

/// <summary>
/// The result of an ACCEPT. When <see cref="OffersValid"/> is false the call was refused as a
/// whole (unknown, rescinded, foreign or mixed offers) and the engine changed nothing: the offers
/// that were outstanding still are. Otherwise each task and operation has its own outcome.
/// </summary>
public sealed class AcceptResult
{
    public AcceptResult()
        : this(0)
    {
    }

    /// <param name="taskCapacity">The tasks the accept carries: their outcomes fill the list without regrowing it.</param>
    public AcceptResult(int taskCapacity) => Tasks = new List<TaskOutcome>(taskCapacity);

    public bool OffersValid { get; init; }
    public string? Error { get; init; }
    public List<TaskOutcome> Tasks { get; }
    public List<OperationOutcome> Operations { get; } = [];
}
