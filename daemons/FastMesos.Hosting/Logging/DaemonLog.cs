using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting.Logging;

/// <summary>
/// The daemons' log sink: one glog-format line per message, the layout Mesos writes,
/// <code>I1203 16:41:14.123456 12345 master] Registered agent a1 at 10.0.0.5:5051</code>
/// severity letter, month and day, local time to the microsecond, thread id (managed id,
/// space-padded to 5 as glog pads the OS tid), the component where glog has <c>file:line</c>,
/// then the message. Lines go to stderr by default.
/// </summary>
/// <remarks>
/// Thread-safe: a line is formatted into one reused buffer and written under a lock, so lines
/// never interleave and a message costs no allocation beyond the caller's message string.
/// Messages below <see cref="MinimumLevel"/> are dropped before any formatting.
/// </remarks>
public sealed class DaemonLog
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private char[] _buffer = new char[256];

    public DaemonLog(TextWriter? writer = null, DaemonLogLevel minimumLevel = DaemonLogLevel.Info, TimeProvider? time = null)
    {
        _writer = writer ?? Console.Error;
        _time = time ?? TimeProvider.System;
        MinimumLevel = minimumLevel;
    }

    /// <summary>A flag type for <c>--logging_level</c>: <c>INFO</c>, <c>WARNING</c> or <c>ERROR</c>, as in Mesos.</summary>
    public static FlagType<DaemonLogLevel> LevelFlagType { get; } = FlagType.Custom<DaemonLogLevel>(
        static (string text, out DaemonLogLevel level, out string? error) =>
        {
            level = text.ToUpperInvariant() switch
            {
                "INFO" => DaemonLogLevel.Info,
                "WARNING" => DaemonLogLevel.Warning,
                "ERROR" => DaemonLogLevel.Error,
                _ => (DaemonLogLevel)(-1),
            };
            error = level < 0 ? "expected INFO, WARNING or ERROR" : null;
            return level >= 0;
        },
        static level => level switch
        {
            DaemonLogLevel.Warning => "WARNING",
            DaemonLogLevel.Error => "ERROR",
            _ => "INFO",
        });

    /// <summary>Messages below this level are dropped. May be changed while the daemon runs.</summary>
    public DaemonLogLevel MinimumLevel { get; set; }

    public bool IsEnabled(DaemonLogLevel level) => level >= MinimumLevel;

    public void Info(string component, string message) => Write(DaemonLogLevel.Info, component, message);

    public void Warn(string component, string message) => Write(DaemonLogLevel.Warning, component, message);

    public void Error(string component, string message) => Write(DaemonLogLevel.Error, component, message);

    /// <summary>
    /// A delegate for APIs that log through <c>Action&lt;string&gt;</c> (the transport's
    /// <c>ConnectionOptions.Log</c>, <c>MasterServerOptions.Log</c>): each call logs one line at
    /// <paramref name="level"/> under <paramref name="component"/>. Create it once, at wiring time.
    /// </summary>
    public Action<string> ToAction(string component, DaemonLogLevel level = DaemonLogLevel.Info)
    {
        ArgumentNullException.ThrowIfNull(component);
        return message =>
        {
            // A message that names its own severity the way Marathon's runtime writes them
            // ("W Disconnected from the master: ...") is logged at it, without the letter: at
            // --logging_level=WARNING such warnings were dropped as info lines.
            if (message is { Length: > 2 } && message[1] == ' ' && OwnLevel(message[0]) is { } own)
                Write(own, component, message[2..]);
            else
                Write(level, component, message);
        };
    }

    private static DaemonLogLevel? OwnLevel(char letter) => letter switch
    {
        'I' => DaemonLogLevel.Info,
        'W' => DaemonLogLevel.Warning,
        'E' => DaemonLogLevel.Error,
        _ => null,
    };

    public void Write(DaemonLogLevel level, string component, string message)
    {
        if (level < MinimumLevel)
            return;
        component ??= "";
        message ??= "";
        DateTimeOffset now = _time.GetLocalNow();
        int tid = Environment.CurrentManagedThreadId;
        lock (_lock)
        {
            // Prefix is at most 1+4+1+15+1+10+1 = 33 chars; 40 leaves room for the "] " and newline.
            int needed = 40 + component.Length + message.Length;
            if (_buffer.Length < needed)
                _buffer = new char[Math.Max(needed, _buffer.Length * 2)];
            Span<char> line = _buffer;
            int n = 0;
            line[n++] = level switch { DaemonLogLevel.Warning => 'W', DaemonLogLevel.Error => 'E', _ => 'I' };
            n = Digits(line, n, now.Month, 2);
            n = Digits(line, n, now.Day, 2);
            line[n++] = ' ';
            n = Digits(line, n, now.Hour, 2);
            line[n++] = ':';
            n = Digits(line, n, now.Minute, 2);
            line[n++] = ':';
            n = Digits(line, n, now.Second, 2);
            line[n++] = '.';
            n = Digits(line, n, (int)(now.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond), 6);
            line[n++] = ' ';
            n = PaddedNumber(line, n, tid, 5);
            line[n++] = ' ';
            component.CopyTo(line[n..]);
            n += component.Length;
            line[n++] = ']';
            line[n++] = ' ';
            message.CopyTo(line[n..]);
            n += message.Length;
            line[n++] = '\n';
            _writer.Write(line[..n]);
            _writer.Flush();
        }
    }

    // Zero-padded to exactly `width` digits (the value always fits: month, day, time fields).
    private static int Digits(Span<char> line, int at, int value, int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            line[at + i] = (char)('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    // Space-padded on the left to at least `width`, like glog's setw(5) tid.
    private static int PaddedNumber(Span<char> line, int at, int value, int width)
    {
        int digits = 1;
        for (int v = value / 10; v > 0; v /= 10)
            digits++;
        for (int i = digits; i < width; i++)
            line[at++] = ' ';
        return Digits(line, at, value, digits);
    }
}
