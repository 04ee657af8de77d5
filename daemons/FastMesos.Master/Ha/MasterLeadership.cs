namespace FastMesos.Master.Ha;

/// <summary>
/// Whether this master leads, and which master leads when it does not. A master without --zk leads
/// from the start; an HA master starts as a standby and is elected at most once (a leader that loses
/// its candidacy exits, as Mesos does, instead of stepping down in place).
/// </summary>
public sealed class MasterLeadership
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _elected;
    private bool _recovering;
    private DetectedMaster? _leader;

    public MasterLeadership(bool elected) => _elected = elected;

    public bool IsElected
    {
        get
        {
            lock (_lock)
                return _elected;
        }
    }

    /// <summary>The leader a standby last detected; null while none is known (meaningless on the leader).</summary>
    public DetectedMaster? Leader
    {
        get
        {
            lock (_lock)
                return _leader;
        }
    }

    /// <summary>
    /// Runs once this master is elected and before it serves anyone: the registry recovery. The
    /// master leads only after it completes; when it throws, the master never serves and
    /// <see cref="Failed"/> completes.
    /// </summary>
    internal Func<Task>? BeforeLeading { get; set; }

    /// <summary>Completes with the error when the work before leading failed: the master must exit.</summary>
    public Task<Exception> Failed => _failed.Task;

    internal void SetElected()
    {
        if (BeforeLeading is { } prepare)
        {
            lock (_lock)
                _recovering = true;
            _ = LeadAfterAsync(prepare);
            return;
        }

        lock (_lock)
            _elected = true;
    }

    private async Task LeadAfterAsync(Func<Task> prepare)
    {
        try
        {
            await prepare().ConfigureAwait(false);
            lock (_lock)
            {
                _elected = true;
                _recovering = false;
            }
        }
        catch (Exception e)
        {
            _failed.TrySetResult(e);
        }
    }

    internal void SetDetected(DetectedMaster? leader)
    {
        lock (_lock)
            _leader = leader;
    }

    /// <summary>Why a standby turns peers away: it names the leader they should find (or says none is known).</summary>
    internal string StandbyReason()
    {
        lock (_lock)
        {
            if (_recovering)
                return "this master was just elected and is recovering the registry; retry shortly";
        }

        DetectedMaster? leader = Leader;
        return leader is null
            ? "this master is a standby and no leading master is known yet"
            : $"this master is a standby; the leading master is {leader.Pid}";
    }
}
