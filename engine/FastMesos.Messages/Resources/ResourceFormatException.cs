namespace FastMesos.Messages;

/// <summary>
/// Text that is not a valid resource or attribute list. <see cref="Token"/> names the part that
/// failed, so an operator can find it in a long <c>--resources</c> flag.
/// </summary>
public sealed class ResourceFormatException : FormatException
{
    public ResourceFormatException(string text, string token, string reason)
        : base($"Invalid resource '{token}': {reason} (in \"{text}\")")
    {
        Text = text;
        Token = token;
        Reason = reason;
    }

    /// <summary>The whole text that was being parsed.</summary>
    public string Text { get; }

    /// <summary>The offending token, e.g. <c>cpus:-1</c>.</summary>
    public string Token { get; }

    /// <summary>Why the token was rejected.</summary>
    public string Reason { get; }
}
