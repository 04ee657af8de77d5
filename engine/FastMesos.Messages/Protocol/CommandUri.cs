namespace FastMesos.Messages;

/// <summary>
/// A URI the fetcher downloads into the sandbox before the command runs (Mesos <c>CommandInfo.URI</c>).
/// Archives are extracted unless <see cref="Extract"/> is false, as in Mesos.
/// </summary>
public readonly record struct CommandUri(string Value, bool Executable = false, bool Extract = true, bool Cache = false,
    string? OutputFile = null);
