namespace FastMesos.Master.Ha;

/// <summary>
/// Whether this master leads, and which master leads when it does not. A master without --zk leads
/// from the start; an HA master starts as a standby and is elected at most once (a leader that loses
/// its candidacy exits, as Mesos does, instead of stepping down in place).
/// </summary>
public sealed class MasterLeadership
{
    private readonly Lock _lock = new();
    private bool _elected;
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

    internal void SetElected()
    {
        lock (_lock)
            _elected = true;
    }

    internal void SetDetected(DetectedMaster? leader)
    {
        lock (_lock)
            _leader = leader;
    }

    /// <summary>Why a standby turns peers away: it names the leader they should find (or says none is known).</summary>
    internal string StandbyReason()
    {
        DetectedMaster? leader = Leader;
        return leader is null
            ? "this master is a standby and no leading master is known yet"
            : $"this master is a standby; the leading master is {leader.Pid}";
    }
}
