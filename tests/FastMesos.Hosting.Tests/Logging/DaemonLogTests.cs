using System.Text.RegularExpressions;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Hosting.Tests.Logging;

public partial class DaemonLogTests
{
    // FakeTimeProvider's local zone is UTC, so local time equals the start time.
    private static FakeTimeProvider Clock() =>
        new(new DateTimeOffset(2026, 12, 3, 16, 41, 14, TimeSpan.Zero).AddTicks(1_234_560));

    [Fact]
    public void Writes_glog_lines()
    {
        var writer = new StringWriter();
        var log = new DaemonLog(writer, time: Clock());
        log.Info("master", "Registered agent a1");
        log.Warn("agent", "Disk almost full");
        log.Error("http", "Bad request");
        string tid = Environment.CurrentManagedThreadId.ToString().PadLeft(5);
        Assert.Equal(
            $"I1203 16:41:14.123456 {tid} master] Registered agent a1\n" +
            $"W1203 16:41:14.123456 {tid} agent] Disk almost full\n" +
            $"E1203 16:41:14.123456 {tid} http] Bad request\n",
            writer.ToString());
    }

    [Fact]
    public void Pads_small_fields_with_zeros()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(70));
        var writer = new StringWriter();
        new DaemonLog(writer, time: clock).Info("c", "m");
        Assert.StartsWith("I0102 03:04:05.000007 ", writer.ToString());
    }

    [Fact]
    public void Drops_lines_below_the_minimum_level()
    {
        var writer = new StringWriter();
        var log = new DaemonLog(writer, DaemonLogLevel.Warning, Clock());
        Assert.False(log.IsEnabled(DaemonLogLevel.Info));
        log.Info("c", "dropped");
        log.Warn("c", "kept");
        log.MinimumLevel = DaemonLogLevel.Error;
        log.Warn("c", "dropped too");
        log.Error("c", "kept too");
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("c] kept", lines[0]);
        Assert.EndsWith("c] kept too", lines[1]);
    }

    [Fact]
    public void Action_adapter_logs_at_its_level()
    {
        var writer = new StringWriter();
        var log = new DaemonLog(writer, time: Clock());
        Action<string> transport = log.ToAction("transport", DaemonLogLevel.Warning);
        transport("connection 7 closed: frame too large");
        Assert.Matches(@"^W1203 16:41:14\.123456 +\d+ transport\] connection 7 closed: frame too large\n$", writer.ToString());
    }

    [Fact]
    public void Action_adapter_logs_a_message_that_names_its_severity_at_that_severity()
    {
        var writer = new StringWriter();
        var log = new DaemonLog(writer, DaemonLogLevel.Warning, Clock());
        Action<string> marathon = log.ToAction("marathon");
        marathon("I Deployment d1 finished");
        marathon("W Disconnected from the master: RemoteClosed");
        marathon("E status update of t1 failed: boom");
        marathon("Wrote no prefix");
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^W1203 16:41:14\.123456 +\d+ marathon\] Disconnected from the master: RemoteClosed$", lines[0]);
        Assert.Matches(@"^E1203 16:41:14\.123456 +\d+ marathon\] status update of t1 failed: boom$", lines[1]);
    }

    [Fact]
    public void Long_messages_grow_the_buffer()
    {
        var writer = new StringWriter();
        string message = new('x', 10_000);
        new DaemonLog(writer, time: Clock()).Info("c", message);
        Assert.EndsWith("c] " + message + "\n", writer.ToString());
    }

    [Fact]
    public void Lines_from_many_threads_never_interleave()
    {
        var writer = new StringWriter();
        var log = new DaemonLog(writer, time: Clock());
        const int Threads = 4, PerThread = 500;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < PerThread; i++)
                log.Info("t" + t, "message " + i + " " + new string((char)('a' + t), 50));
        });
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(Threads * PerThread, lines.Length);
        foreach (string line in lines)
            Assert.Matches(LinePattern(), line);
    }

    [Fact]
    public void Writing_a_line_allocates_nothing()
    {
        var writer = new CountingWriter();
        var log = new DaemonLog(writer, time: TimeProvider.System);
        string message = "agent a1 registered";
        for (int i = 0; i < 10; i++)
            log.Info("master", message);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            log.Info("master", message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1010, writer.Lines);
    }

    [Fact]
    public void Logging_level_flag_parses_mesos_names()
    {
        var set = new FlagSet("t");
        Flag<DaemonLogLevel> level = set.Add("logging_level", "Log level.", DaemonLog.LevelFlagType, DaemonLogLevel.Info);
        Assert.True(set.Parse(["--logging_level=WARNING"], static _ => null).Success);
        Assert.Equal(DaemonLogLevel.Warning, level.Value);
        Assert.Equal("WARNING", level.FormattedValue);
        Assert.True(set.Parse(["--logging_level=error"], static _ => null).Success);
        Assert.Equal(DaemonLogLevel.Error, level.Value);
        Assert.Equal("Failed to load flag 'logging_level': Failed to load value 'DEBUG': expected INFO, WARNING or ERROR",
            set.Parse(["--logging_level=DEBUG"], static _ => null).Error);
    }

    [GeneratedRegex(@"^I1203 16:41:14\.123456 +\d+ t\d\] message \d+ ([a-d])\1{49}$")]
    private static partial Regex LinePattern();

    private sealed class CountingWriter : TextWriter
    {
        public int Lines;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.Length > 0 && buffer[^1] == '\n')
                Lines++;
        }

        public override void Write(char value) => throw new InvalidOperationException("expected one span per line");
    }
}
