namespace FastMesos.Messages;

/// <summary>Whether the agent supplies the executor or the framework does (Mesos <c>ExecutorInfo.Type</c>).</summary>
public enum ExecutorType
{
    /// <summary>Not set by the framework; Mesos treats it by whether a command is given.</summary>
    Unknown = 0,

    /// <summary>The agent's built-in (default) executor; used for task groups.</summary>
    Default = 1,

    /// <summary>A framework-provided executor launched from <see cref="ExecutorInfo.Command"/>.</summary>
    Custom = 2,
}
