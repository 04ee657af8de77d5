namespace FastMesos.Hosting.Logging;

/// <summary>glog's severities as Mesos uses them (<c>--logging_level=INFO|WARNING|ERROR</c>).</summary>
public enum DaemonLogLevel
{
    Info = 0,
    Warning = 1,
    Error = 2,
}
