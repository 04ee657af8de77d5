using FastMesos.Agent.Runtime;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>The status update manager on a fake clock with Mesos' retry constants (10 s doubling to 10 min).</summary>
public sealed class StatusUpdateManagerTests : IDisposable
{
    private static readonly FrameworkId Fw = new("fw");
    private readonly FakeTimeProvider _clock = new();
    private readonly List<StatusUpdate> _sent = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fastmesos-sum-tests", Guid.NewGuid().ToString("N"));
    private readonly StatusUpdateManager _manager;

    public StatusUpdateManagerTests()
    {
        _manager = new StatusUpdateManager(_clock, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), sync: false, u => { _sent.Add(u); return true; });
        _manager.Resume();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Head_is_resent_with_doubling_backoff_until_acknowledged_and_only_then_the_next_goes()
    {
        StatusUpdate running = Update("t1", TaskState.Running);
        StatusUpdate finished = Update("t1", TaskState.Finished);
        _manager.Update(running, Path.Combine(_dir, "t1"));
        _manager.Update(finished, Path.Combine(_dir, "t1"));
        Assert.Single(_sent);
        Assert.Equal(TaskState.Running, _sent[0].LatestState);

        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _sent.Count);
        Assert.Equal(TaskState.Finished, _sent[1].LatestState);   // The resend tells the master the task already ended.
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _sent.Count);   // The second wait is 20 s.
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, _sent.Count);
        Assert.All(_sent, u => Assert.Equal(running.Uuid, u.Uuid));

        Assert.Null(_manager.Acknowledge(Fw, new TaskId("t1"), Guid.NewGuid()));
        StatusUpdateStream? stream = _manager.Acknowledge(Fw, new TaskId("t1"), running.Uuid!.Value);
        Assert.NotNull(stream);
        Assert.Equal(finished.Uuid, _sent[^1].Uuid);
        Assert.False(stream.Terminated);
        _manager.Acknowledge(Fw, new TaskId("t1"), finished.Uuid!.Value);
        Assert.True(stream.Terminated);
        Assert.Null(stream.Head);
    }

    [Fact]
    public void Backoff_stops_doubling_at_the_maximum()
    {
        _manager.Update(Update("t1", TaskState.Running), null);
        for (int i = 0; i < 7; i++)
            Advance(TimeSpan.FromSeconds(10 << i));   // 10, 20, …, 640 s: the last wait is capped to 600 s.
        Assert.Equal(8, _sent.Count);
        Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(9, _sent.Count);
    }

    [Fact]
    public void Paused_manager_sends_nothing_and_flushes_on_resume()
    {
        _manager.Pause();
        _manager.Update(Update("t1", TaskState.Running), null);
        Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(_sent);
        _manager.Resume();
        Assert.Single(_sent);
    }

    [Fact]
    public void Replay_rebuilds_what_is_owed_and_ignores_a_torn_last_record()
    {
        string path = Path.Combine(_dir, "t1", "task.updates");
        StatusUpdate starting = Update("t1", TaskState.Starting);
        StatusUpdate running = Update("t1", TaskState.Running);
        _manager.Update(starting, path);
        _manager.Update(running, path);
        _manager.Update(running, path);   // A duplicate uuid is not recorded twice.
        _manager.Acknowledge(Fw, new TaskId("t1"), starting.Uuid!.Value);
        using (var file = new FileStream(path, FileMode.Append))
            file.Write([1, 200, 0, 0, 0, 9]);   // A record cut short by a crash.

        var other = new StatusUpdateManager(_clock, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), false, _ => true);
        StatusUpdateStream replayed = other.Recover(Fw, new TaskId("t1"), path);

        Assert.Equal(1, replayed.PendingCount);
        Assert.Equal(running.Uuid, replayed.Head!.Value.Uuid);
        Assert.Equal(TaskState.Running, replayed.LatestState);
        Assert.False(replayed.Terminated);
    }

    private void Advance(TimeSpan by)
    {
        _clock.Advance(by);
        _manager.Tick();
    }

    private static StatusUpdate Update(string task, TaskState state) => new(Fw, new MesosTaskStatus
    {
        TaskId = new TaskId(task),
        State = state,
        Source = TaskStatusSource.Executor,
        Uuid = Guid.NewGuid(),
        Timestamp = 1,
    }, state);
}
