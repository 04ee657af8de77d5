namespace FastMesos.Messages;

/// <summary>
/// How to kill a task (Mesos <c>KillPolicy</c>): the time between the polite signal (SIGTERM) and
/// the forced kill (SIGKILL). Nanoseconds, as Mesos' <c>DurationInfo</c>, so the value travels exactly.
/// </summary>
public readonly record struct KillPolicy(long GracePeriodNanoseconds)
{
    public TimeSpan GracePeriod => TimeSpan.FromTicks(GracePeriodNanoseconds / 100);

    public static KillPolicy FromGracePeriod(TimeSpan gracePeriod) => new(gracePeriod.Ticks * 100);
}
