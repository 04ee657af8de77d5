namespace FastMesos.Messages;

/// <summary>One environment variable of a command (Mesos <c>Environment.Variable</c> of type VALUE).</summary>
public readonly record struct EnvironmentVariable(string Name, string Value);
