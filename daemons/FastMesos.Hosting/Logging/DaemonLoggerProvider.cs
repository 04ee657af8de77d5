using Microsoft.Extensions.Logging;

namespace FastMesos.Hosting.Logging;

/// <summary>
/// Lets <c>Microsoft.Extensions.Logging</c> (ASP.NET Core's hosting and Kestrel) write through a
/// <see cref="DaemonLog"/>. By default only Warning and above pass: ASP.NET's Information logs are
/// per-request chatter that Mesos daemons do not print. The component of a line is the last
/// segment of the logger category (<c>Microsoft.AspNetCore.Server.Kestrel</c> → <c>Kestrel</c>).
/// </summary>
public sealed class DaemonLoggerProvider : ILoggerProvider
{
    private readonly DaemonLog _log;
    private readonly LogLevel _minimum;

    public DaemonLoggerProvider(DaemonLog log, LogLevel minimumLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
        _minimum = minimumLevel;
    }

    public ILogger CreateLogger(string categoryName)
    {
        categoryName ??= "";
        int dot = categoryName.LastIndexOf('.');
        return new DaemonLogger(_log, dot < 0 ? categoryName : categoryName[(dot + 1)..], _minimum);
    }

    public void Dispose()
    {
    }
}
