namespace FastMesos.Engine;

public sealed partial class Allocator
{
    // The ledger's index by (framework, task id): an open-addressing table of task slots with
    // linear probing. The keys are not stored in it: a slot's framework and id are already in the
    // ledger's columns (_taskSub, _taskIds) and its hash in _taskHash, so a cell is one int. A
    // Dictionary<TaskKey, int> kept a 32-byte entry per task and, grown by doubling to a million
    // tasks, allocated ~95 bytes per task (perf-reports/2026-12-05-task-bytes.md); this
    // table keeps 8–16 bytes per task and allocates ~30.
    //
    // Invariants: _taskIndex.Length is a power of two ≥ 2 × _taskIndexCount; a cell is 0 (empty)
    // or 1 + a live slot; every live slot is in exactly one cell, reachable from its home cell
    // (HomeCell(_taskHash[t])) without crossing an empty cell; no two live slots have the same key.
    private int[] _taskIndex = new int[32];
    private int _taskIndexCount;
    private int _taskIndexShift = 32 - 5;
    private readonly SegmentedColumn<int> _taskHash = new();

    private static int TaskKeyHash(int fw, string taskId) => HashCode.Combine(fw, taskId.GetHashCode(StringComparison.Ordinal));

    /// <summary>Fibonacci hashing: the table's size is a power of two, so the cell comes from the product's top bits.</summary>
    private int HomeCell(int hash) => (int)(((uint)hash * 2654435769u) >> _taskIndexShift);

    /// <summary>The live slot of <paramref name="taskId"/> of framework <paramref name="fw"/>, or -1.</summary>
    private int FindTask(int fw, string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        int hash = TaskKeyHash(fw, taskId);
        int mask = _taskIndex.Length - 1;
        for (int i = HomeCell(hash); ; i = (i + 1) & mask)
        {
            int cell = _taskIndex[i];
            if (cell == 0)
                return -1;
            int t = cell - 1;
            if (_taskHash[t] == hash && _subFw[_taskSub[t]] == fw && string.Equals(_taskIds[t], taskId, StringComparison.Ordinal))
                return t;
        }
    }

    /// <summary>Indexes live slot <paramref name="t"/>, whose sub, id and hash are set; its key must not be indexed yet.</summary>
    private void IndexTask(int t)
    {
        if (2 * (_taskIndexCount + 1) > _taskIndex.Length)
            GrowTaskIndex();
        PlaceInTaskIndex(_taskIndex, t);
        _taskIndexCount++;
    }

    private void PlaceInTaskIndex(int[] table, int t)
    {
        int mask = table.Length - 1;
        int i = HomeCell(_taskHash[t]);
        while (table[i] != 0)
            i = (i + 1) & mask;
        table[i] = t + 1;
    }

    private void GrowTaskIndex()
    {
        int[] old = _taskIndex;
        var table = new int[old.Length * 2];
        _taskIndexShift--;
        foreach (int cell in old)
        {
            if (cell != 0)
                PlaceInTaskIndex(table, cell - 1);
        }

        _taskIndex = table;
    }

    /// <summary>
    /// Takes indexed slot <paramref name="t"/> out of the table. Backward-shift deletion: the cells
    /// after it move back while their home is not between the hole and them, so no probe chain is
    /// cut and no tombstones build up.
    /// </summary>
    private void UnindexTask(int t)
    {
        int mask = _taskIndex.Length - 1;
        int hole = HomeCell(_taskHash[t]);
        while (_taskIndex[hole] != t + 1)
            hole = (hole + 1) & mask;
        for (int j = (hole + 1) & mask; _taskIndex[j] != 0; j = (j + 1) & mask)
        {
            int home = HomeCell(_taskHash[_taskIndex[j] - 1]);
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            bool staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (staysPut)
                continue;
            _taskIndex[hole] = _taskIndex[j];
            hole = j;
        }

        _taskIndex[hole] = 0;
        _taskIndexCount--;
    }

    /// <summary>For the audit: every live slot found under its own key, nothing else indexed, and every live slot on its agent's list.</summary>
    private void AuditTaskIndex(List<string> problems)
    {
        int live = 0;
        for (int t = 0; t < _taskCount; t++)
        {
            if (!_taskLive[t])
                continue;
            live++;
            if (FindTask(_subFw[_taskSub[t]], _taskIds[t]!) != t)
                problems.Add($"task '{_taskIds[t]}' (slot {t}) is not found by its framework and id");
        }

        if (live != _taskIndexCount)
            problems.Add($"the task index holds {_taskIndexCount} tasks but the ledger {live}");

        // The per-agent lists hold every live task once, on its own agent.
        int listed = 0;
        for (int a = 0; a < _agentCount; a++)
        {
            if (!_agentLive[a])
                continue;
            for (int t = _agentFirstTask[a], prev = -1; t >= 0 && listed <= live; prev = t, t = _taskNextOnAgent[t])
            {
                listed++;
                if (!_taskLive[t] || _taskAgent[t] != a || _taskPrevOnAgent[t] != prev)
                    problems.Add($"agent {_agentId[a]}'s task list holds slot {t}, which is not a live task of it linked back to {prev}");
            }
        }

        if (listed != live)
            problems.Add($"the agents' task lists hold {listed} tasks but the ledger {live}");
    }
}
