namespace FastMesos.Hosting.Flags;

/// <summary>
/// Turns a flag's text into a value without throwing: returns false and a reason on bad input.
/// The reason is wrapped by the flag set into "Failed to load flag 'name': Failed to load value
/// 'text': reason", so it need not repeat the flag's name or the text.
/// </summary>
public delegate bool FlagValueParser<T>(string text, out T value, out string? error);
