namespace FastMesos.Simulator;

/// <summary>Bad command-line input: printed with the usage text, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
