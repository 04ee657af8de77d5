namespace FastMesos.Marathon.State;

/// <summary>One write queued for <see cref="SqliteMarathonStore"/>'s writer thread: entries to put, or a key to delete.</summary>
internal sealed class SqliteWrite(IReadOnlyList<KeyValuePair<string, byte[]>>? entries, string? deleteKey)
{
    public IReadOnlyList<KeyValuePair<string, byte[]>>? Entries { get; } = entries;

    public string? DeleteKey { get; } = deleteKey;

    /// <summary>Completed (off the writer thread) once the transaction carrying this write committed.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
