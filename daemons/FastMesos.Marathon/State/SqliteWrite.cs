namespace FastMesos.Marathon.State;

/// <summary>
/// One write queued for <see cref="SqliteMarathonStore"/>'s writer thread: entries to put (as pairs or
/// as a <see cref="StoreBatch"/>, which the writer disposes once its transaction ended), or a key to delete.
/// </summary>
internal sealed class SqliteWrite
{
    public SqliteWrite(IReadOnlyList<KeyValuePair<string, byte[]>>? entries, string? deleteKey)
    {
        Entries = entries;
        DeleteKey = deleteKey;
    }

    public SqliteWrite(StoreBatch batch) => Batch = batch;

    public IReadOnlyList<KeyValuePair<string, byte[]>>? Entries { get; }

    public StoreBatch? Batch { get; }

    public string? DeleteKey { get; }

    /// <summary>Keys written or deleted: the transaction budget counts these.</summary>
    public int Count => Batch?.Count ?? Entries?.Count ?? 1;

    /// <summary>
    /// True when every key is task state (<see cref="StoreKeys.IsTaskState"/>): the writer's
    /// task-state lane. A write with any other key goes in the control lane.
    /// </summary>
    public bool IsTaskState
    {
        get
        {
            if (Batch is not null)
                return Batch.IsTaskState;
            if (Entries is null)
                return StoreKeys.IsTaskState(DeleteKey!);
            for (int i = 0; i < Entries.Count; i++)
            {
                if (!StoreKeys.IsTaskState(Entries[i].Key))
                    return false;
            }
            return true;
        }
    }

    /// <summary>Completed (off the writer thread) once the transaction carrying this write committed.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
