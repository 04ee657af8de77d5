namespace FastMesos.Messages;

/// <summary>ERROR: the subscription failed or was taken over (e.g. "Framework failed over"); the stream closes after it.</summary>
public sealed record ErrorEvent(string Message);
