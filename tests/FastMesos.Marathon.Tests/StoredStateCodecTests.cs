using FastMesos.Apps.Health;
using FastMesos.Apps.Validation;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Tests;

/// <summary>The small stored values beside apps and instances: last task failures, health verdicts; and batch error paths.</summary>
public sealed class StoredStateCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void A_task_failure_round_trips_and_garbage_reads_as_none()
    {
        var failure = new TaskFailure("/web", "10.0.0.1", "exited 3", "TASK_FAILED", "web.abc._app.1", T0, T0.AddMinutes(-1), "agent-1");
        Assert.Equal(failure, TaskFailureCodec.Read(TaskFailureCodec.Write(failure)));
        var bare = failure with { Host = null, SlaveId = null, Message = "" };
        Assert.Equal(bare, TaskFailureCodec.Read(TaskFailureCodec.Write(bare)));
        Assert.Null(TaskFailureCodec.Read("not json"u8.ToArray()));
        Assert.Null(TaskFailureCodec.Read("""{"appId":"/web"}"""u8.ToArray()));
    }

    [Fact]
    public void Health_verdicts_round_trip_with_unknown_and_missing_times()
    {
        HealthState[] results =
        [
            new() { Alive = true, FirstSuccess = T0, LastSuccess = T0.AddSeconds(5) },
            new() { Alive = false, ConsecutiveFailures = 2, LastFailure = T0, LastFailureCause = "HTTP 503" },
            new(),
        ];
        Assert.True(HealthCodec.TryRead(HealthCodec.Write("web.abc._app.1", false, results), out string taskId, out bool? healthy, out HealthState[] read));
        Assert.Equal("web.abc._app.1", taskId);
        Assert.False(healthy);
        Assert.Equal(results, read);
        Assert.True(HealthCodec.TryRead(HealthCodec.Write("t", null, []), out _, out healthy, out read));
        Assert.Null(healthy);
        Assert.Empty(read);
        Assert.False(HealthCodec.TryRead("[]"u8.ToArray(), out _, out _, out _));
    }

    [Fact]
    public void Batch_element_errors_get_the_element_index_in_front_of_their_paths()
    {
        var e = new ValidationFailedException(ValidationFailedException.NotValid,
            [new ValidationError("/cpus", ["error.min"]), new ValidationError("/", ["bad"])]).WithPathPrefix("/(2)");
        Assert.Equal(ValidationFailedException.NotValid, e.Message);
        Assert.Equal("/(2)/cpus", e.Errors[0].Path);
        Assert.Equal("/(2)", e.Errors[1].Path);
        Assert.Equal(["error.min"], e.Errors[0].Errors);
    }
}
