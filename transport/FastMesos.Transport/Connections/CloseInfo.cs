namespace FastMesos.Transport.Connections;

/// <summary>The first reason a connection was closed, with a message for logs.</summary>
public sealed class CloseInfo
{
    /// <summary>Records <paramref name="reason"/> with <paramref name="message"/> and the exception behind it, if any.</summary>
    public CloseInfo(CloseReason reason, string message, Exception? exception = null)
    {
        Reason = reason;
        Message = message;
        Exception = exception;
    }

    /// <summary>The category, for code to act on.</summary>
    public CloseReason Reason { get; }

    /// <summary>What happened, for people.</summary>
    public string Message { get; }

    /// <summary>The exception that caused the close, when one did.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}
