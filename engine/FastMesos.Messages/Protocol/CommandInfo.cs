namespace FastMesos.Messages;

/// <summary>
/// A command to run (Mesos <c>CommandInfo</c>). With <see cref="Shell"/> (the default) the agent runs
/// <see cref="Value"/> through <c>/bin/sh -c</c>; without it, it execs <see cref="Value"/> with <see cref="Arguments"/>.
/// </summary>
public sealed record CommandInfo
{
    public string? Value { get; init; }
    public bool Shell { get; init; } = true;
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyList<EnvironmentVariable> Environment { get; init; } = [];
    public IReadOnlyList<CommandUri> Uris { get; init; } = [];

    /// <summary>Overrides <see cref="FrameworkInfo.User"/> for this command.</summary>
    public string? User { get; init; }

    /// <summary>
    /// The command still in its wire encoding, validated but not decoded: what a master holds for a
    /// task's command, which it only forwards from the framework to the agent (the codec's
    /// <c>StringPool.ForwardsCommands</c>). When set, every other property keeps its default and the
    /// codec writes these bytes as they came; the agent decodes them. Empty for a decoded command.
    /// A master's decode lends them from the frame's buffer when they lie in one piece of it: valid
    /// only while the frame is visited, so whatever keeps a command longer copies them.
    /// </summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }
}
