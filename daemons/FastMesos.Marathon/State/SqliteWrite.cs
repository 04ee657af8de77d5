namespace FastMesos.Marathon.State;

/// <summary>One write queued for <see cref="SqliteMarathonStore"/>'s writer thread: entries to put, or a key to delete.</summary>
internal sealed class SqliteWrite(IReadOnlyList<KeyValuePair<string, byte[]>>? entries, string? deleteKey)
{
    public IReadOnlyList<KeyValuePair<string, byte[]>>? Entries { get; } = entries;

    public string? DeleteKey { get; } = deleteKey;

    /// <summary>Keys written or deleted: the transaction budget counts these.</summary>
    public int Count => Entries?.Count ?? 1;

    /// <summary>
    /// True when every key is task state (<see cref="StoreKeys.IsTaskState"/>): the writer's
    /// task-state lane. A write with any other key goes in the control lane.
    /// </summary>
    public bool IsTaskState
    {
        get
        {
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
