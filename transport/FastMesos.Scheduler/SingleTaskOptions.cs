using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Scheduler;

/// <summary>What <see cref="SingleTaskRunner"/> runs (the flags of <c>fastmesos execute</c>, already parsed).</summary>
public sealed record SingleTaskOptions
{
    /// <summary>The master (<see cref="MasterAddress.Parse"/> for <c>--master HOST:PORT</c>); ignored when <see cref="MasterLocator"/> is set.</summary>
    public EndPoint? Master { get; init; }

    /// <summary>Where the leading master is (<c>--master zk://…</c>); null: <see cref="Master"/>, fixed.</summary>
    public IMasterLocator? MasterLocator { get; init; }

    /// <summary>The task's name; the task id is <c>NAME-&lt;random&gt;</c> unless <see cref="TaskId"/> is set.</summary>
    public required string Name { get; init; }

    /// <summary>The shell command (<c>/bin/sh -c</c>).</summary>
    public required string Command { get; init; }

    /// <summary>What the task needs, in Mesos' text form; an offer must contain all of it.</summary>
    public string Resources { get; init; } = "cpus:0.1;mem:32";

    /// <summary>The role the framework subscribes with; null: the default role <c>*</c>.</summary>
    public string? Role { get; init; }

    public string? TaskId { get; init; }

    /// <summary>The framework's name as the master shows it.</summary>
    public string FrameworkName { get; init; } = "fastmesos-execute";

    /// <summary>The Unix user the task runs as.</summary>
    public string User { get; init; } = System.Environment.UserName;

    public IReadOnlyList<EnvironmentVariable> Environment { get; init; } = [];

    /// <summary>URIs the agent fetches into the sandbox first (<c>--uri</c>).</summary>
    public IReadOnlyList<CommandUri> Uris { get; init; } = [];

    /// <summary>How long offers the runner does not use stay refused to it.</summary>
    public double DeclineRefuseSeconds { get; init; } = 60;

    /// <summary>Give up (kill the task if launched, tear down, exit 1) after this long. Default: never.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    public ITransport Transport { get; init; } = TcpTransport.Instance;

    public string? AuthToken { get; init; }

    public Action<string>? Log { get; init; }
}
