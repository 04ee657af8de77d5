namespace FastMesos.Messages;

/// <summary>A free-form key/value pair (Mesos <c>Label</c>); Mesos never interprets labels. The value is optional.</summary>
public readonly record struct Label(string Key, string? Value = null);
