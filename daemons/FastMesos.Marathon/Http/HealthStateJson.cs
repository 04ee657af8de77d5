using System.Text.Json;
using FastMesos.Apps.Health;

namespace FastMesos.Marathon.Http;

/// <summary>
/// One health check's state as Marathon's <c>healthCheckResults[]</c> fields: <c>alive</c> (null
/// while unknown), <c>consecutiveFailures</c>, <c>firstSuccess</c>, <c>lastSuccess</c>,
/// <c>lastFailure</c> (null when none) and <c>lastFailureCause</c> when there is one. The task JSON
/// and the stored health verdicts write the same fields, so a stored result reads back as shown.
/// </summary>
internal static class HealthStateJson
{
    /// <summary>Writes the fields into the object the caller has open.</summary>
    public static void WriteFields(Utf8JsonWriter w, in HealthState result)
    {
        if (result.Alive is { } alive)
            w.WriteBoolean("alive", alive);
        else
            w.WriteNull("alive");
        w.WriteNumber("consecutiveFailures", result.ConsecutiveFailures);
        WriteTime(w, "firstSuccess", result.FirstSuccess);
        WriteTime(w, "lastSuccess", result.LastSuccess);
        WriteTime(w, "lastFailure", result.LastFailure);
        if (result.LastFailureCause is { } cause)
            w.WriteString("lastFailureCause", cause);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
            w.WriteString(name, Timestamps.Format(t));
        else
            w.WriteNull(name);
    }
}
