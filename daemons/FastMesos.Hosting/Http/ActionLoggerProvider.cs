using Microsoft.Extensions.Logging;

namespace FastMesos.Hosting.Http;

/// <summary>Forwards ASP.NET Core's log lines to a daemon's <c>Action&lt;string&gt;</c> log.</summary>
public sealed class ActionLoggerProvider(Action<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ActionLogger(sink, categoryName);

    public void Dispose()
    {
    }

    private sealed class ActionLogger(Action<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            string line = $"http {logLevel} {category}: {formatter(state, exception)}";
            sink(exception is null ? line : line + " " + exception.Message);
        }
    }
}
