using Microsoft.Extensions.Logging;

namespace FastMesos.Hosting.Logging;

/// <summary>One category's <see cref="ILogger"/> over a <see cref="DaemonLog"/>; see <see cref="DaemonLoggerProvider"/>.</summary>
internal sealed class DaemonLogger(DaemonLog log, string component, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) =>
        logLevel != LogLevel.None && logLevel >= minimum && log.IsEnabled(Map(logLevel));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        ArgumentNullException.ThrowIfNull(formatter);
        string message = formatter(state, exception);
        if (exception is not null)
            message = message.Length == 0 ? exception.ToString() : message + "\n" + exception;
        log.Write(Map(logLevel), component, message);
    }

    // glog has no Trace/Debug; they fold into Info, Critical into Error.
    private static DaemonLogLevel Map(LogLevel level) => level switch
    {
        LogLevel.Warning => DaemonLogLevel.Warning,
        LogLevel.Error or LogLevel.Critical => DaemonLogLevel.Error,
        _ => DaemonLogLevel.Info,
    };
}
