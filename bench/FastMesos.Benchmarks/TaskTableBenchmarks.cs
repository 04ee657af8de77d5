using BenchmarkDotNet.Attributes;
using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Benchmarks;

/// <summary>
/// A framework's task table at a million tasks, the size Marathon's 1,000 × 1,000 deploy gives one
/// table: far larger than the cache, so what a lookup costs is the records it reads. Every launch
/// looks up an id the table lacks (the duplicate check), every status update and acknowledgement
/// one it holds, and every add past one task per bucket splits a bucket. Ids are visited in a
/// shuffled order, as updates from 10,000 agents come. 0 B allocated by the lookups; a growing
/// table allocates its buckets' segments.
/// </summary>
[MemoryDiagnoser]
public class TaskTableBenchmarks
{
    private const int Tasks = 1_000_000;
    private const int Batch = 10_000;
    private const int Grown = 100_000;
    private TaskTable _table = null!;
    private string[] _present = null!;
    private string[] _absent = null!;
    private TaskRecord[] _fresh = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _table = new TaskTable();
        _present = new string[Tasks];
        for (int i = 0; i < Tasks; i++)
        {
            _present[i] = $"app-{i % 1000}.instance-{Guid.NewGuid()}";
            _table.Put(Record(_present[i]));
        }

        random.Shuffle(_present);
        _absent = new string[Tasks];
        for (int i = 0; i < Tasks; i++)
            _absent[i] = $"app-{i % 1000}.instance-{Guid.NewGuid()}";
        _fresh = new TaskRecord[Grown];
        for (int i = 0; i < _fresh.Length; i++)
            _fresh[i] = Record(_absent[Tasks - 1 - i]);
    }

    private static TaskRecord Record(string id) => new(
        new TaskInfo { Name = "n", TaskId = new TaskId(id), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

    /// <summary>An id the table lacks: the check each launched task gets.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int LookupAbsent() => LookUpNextBatch(_absent);

    /// <summary>An id the table holds: a status update's or an acknowledgement's lookup.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int LookupPresent() => LookUpNextBatch(_present);

    /// <summary>Looks up the next <see cref="Batch"/> of <paramref name="ids"/>, going round them; returns how many were found.</summary>
    private int LookUpNextBatch(string[] ids)
    {
        int found = 0;
        int start = _next;
        _next = (_next + Batch) % Tasks;
        for (int i = 0; i < Batch; i++)
            found += _table.TryGetValue(ids[start + i], out _) ? 1 : 0;
        return found;
    }

    /// <summary>
    /// A new table grown to 100,000 tasks (each add past one task per bucket splits a bucket), then
    /// emptied, which unlinks its records for the next invocation.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Grown)]
    public int Grow()
    {
        var table = new TaskTable();
        foreach (TaskRecord task in _fresh)
            table.Put(task);
        int count = table.Count;
        table.Clear();
        return count;
    }
}
