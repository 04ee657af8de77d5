using System.Collections;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A task's environment as its app version's fixed variables followed by the task's own (ports,
/// host, task id), without copying the fixed ones into every task: each task had copied some twenty
/// variables into a list of its own (6.6% of the bytes Marathon allocated in a 1,000 × 1,000 deploy,
/// 5.1% with the task's own variables alone). Immutable; both arrays are never mutated. The codec
/// encodes the shared variables once per template (<see cref="ISharedPrefixList{T}"/>): transcoding
/// them for every task was 10.7% of the CPU of Marathon's pool threads in a 1,000 × 1,000 deploy
/// (perf-reports/2026-12-07-receive-yield/).
/// </summary>
internal sealed class LaunchEnvironment(EnvironmentVariable[] shared, EnvironmentVariable[] own) : ISharedPrefixList<EnvironmentVariable>
{
    public EnvironmentVariable[] SharedPrefix => shared;

    public int Count => shared.Length + own.Length;

    public EnvironmentVariable this[int index] =>
        (uint)index < (uint)shared.Length ? shared[index] : own[index - shared.Length];

    public IEnumerator<EnvironmentVariable> GetEnumerator()
    {
        foreach (EnvironmentVariable variable in shared)
            yield return variable;
        foreach (EnvironmentVariable variable in own)
            yield return variable;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
