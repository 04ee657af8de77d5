namespace FastMesos.Hosting.Flags;

/// <summary>Where a flag's current value came from.</summary>
public enum FlagSource
{
    /// <summary>No value: the flag has no default and was not given.</summary>
    None,
    /// <summary>The declared default.</summary>
    Default,
    /// <summary>An environment variable, <c>FASTMESOS_NAME</c> or <c>MESOS_NAME</c>.</summary>
    Environment,
    /// <summary>The command line.</summary>
    CommandLine,
}
