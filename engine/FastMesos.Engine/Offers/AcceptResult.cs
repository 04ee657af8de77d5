namespace FastMesos.Engine;

/// <summary>
/// The result of an ACCEPT. When <see cref="OffersValid"/> is false the call was refused as a
/// whole (unknown, rescinded, foreign or mixed offers) and the engine changed nothing: the offers
/// that were outstanding still are. Otherwise each task and operation has its own outcome.
/// A caller that accepts often passes one result to every <see cref="Allocator.Accept(int, ReadOnlySpan{long}, IReadOnlyList{OfferOperation}, double?, AcceptResult)"/>
/// instead of taking a new one each time; it then holds the latest accept's outcomes only.
/// </summary>
public sealed class AcceptResult
{
    public AcceptResult()
        : this(0)
    {
    }

    /// <param name="taskCapacity">The tasks the accept carries: their outcomes fill the list without regrowing it.</param>
    public AcceptResult(int taskCapacity) => Tasks = new List<TaskOutcome>(taskCapacity);

    public bool OffersValid { get; internal set; }
    public string? Error { get; internal set; }
    public List<TaskOutcome> Tasks { get; }
    public List<OperationOutcome> Operations { get; } = [];

    /// <summary>Empties the result for the next accept, sized for its <paramref name="taskCapacity"/> tasks.</summary>
    internal void Reset(bool offersValid, string? error, int taskCapacity)
    {
        OffersValid = offersValid;
        Error = error;
        Tasks.Clear();
        Tasks.EnsureCapacity(taskCapacity);
        Operations.Clear();
    }
}
