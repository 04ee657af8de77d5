using FastMesos.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Hosting.Tests.Logging;

public class DaemonLoggerProviderTests
{
    private static (StringWriter Writer, DaemonLog Log) Sink(DaemonLogLevel minimum = DaemonLogLevel.Info)
    {
        var writer = new StringWriter();
        return (writer, new DaemonLog(writer, minimum, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 16, 41, 14, TimeSpan.Zero))));
    }

    [Fact]
    public void Only_warnings_and_above_pass_by_default()
    {
        (StringWriter writer, DaemonLog log) = Sink();
        using var provider = new DaemonLoggerProvider(log);
        ILogger logger = provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        logger.LogInformation("Request starting");
        logger.LogWarning("Heartbeat took {Ms} ms", 1200);
        logger.LogCritical("Listener died");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^W1203 16:41:14\.000000 +\d+ Kestrel\] Heartbeat took 1200 ms$", lines[0]);
        Assert.Matches(@"^E1203 16:41:14\.000000 +\d+ Kestrel\] Listener died$", lines[1]);
    }

    [Fact]
    public void Lower_levels_fold_into_info_and_respect_the_sink_minimum()
    {
        (StringWriter writer, DaemonLog log) = Sink(DaemonLogLevel.Info);
        using var provider = new DaemonLoggerProvider(log, LogLevel.Trace);
        ILogger logger = provider.CreateLogger("plain");
        logger.LogDebug("debug line");
        Assert.Matches(@"^I.* plain\] debug line\n$", writer.ToString());
        Assert.False(logger.IsEnabled(LogLevel.None));
        Assert.Null(logger.BeginScope("scope"));

        log.MinimumLevel = DaemonLogLevel.Error;
        Assert.False(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void Exceptions_follow_the_message()
    {
        (StringWriter writer, DaemonLog log) = Sink();
        using var provider = new DaemonLoggerProvider(log);
        provider.CreateLogger("A.B").LogError(new InvalidOperationException("boom"), "Request failed");
        string text = writer.ToString();
        Assert.Contains(" B] Request failed\nSystem.InvalidOperationException: boom", text);
    }
}
