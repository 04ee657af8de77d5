using System.Collections.Concurrent;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// An in-memory Marathon store whose deploy writes (a <see cref="PutAllAsync"/> that stores the
/// tree, <c>group</c>) follow a script, one step per write: <see cref="Step.Hold"/> keeps the write
/// neither stored nor completed until <see cref="Release"/>, as a slow disk would;
/// <see cref="Step.Fail"/> stores nothing and fails it, as a full disk would. Writes beyond the script
/// and every other write go straight through. The keys of every deploy write are recorded.
/// </summary>
internal sealed class ScriptedDeployStore(params ScriptedDeployStore.Step[] script) : InterceptedStore
{
    public enum Step
    {
        Hold,
        Fail,
    }

    private readonly ConcurrentQueue<Step> _script = new(script);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string[]> _deployWrites = new();

    /// <summary>The keys of each deploy write so far, in order (a failed one included).</summary>
    public IReadOnlyCollection<string[]> DeployWrites => _deployWrites;

    /// <summary>Completes once a write to hold arrived.</summary>
    public Task Held => _held.Task;

    /// <summary>Stores the held write and completes it.</summary>
    public void Release() => _release.TrySetResult();

    public override async Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Any(static e => e.Key == "group"))
        {
            _deployWrites.Enqueue([.. entries.Select(static e => e.Key)]);
            if (_script.TryDequeue(out Step step))
            {
                if (step == Step.Fail)
                    throw new IOException("disk full (scripted)");
                _held.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await PutEachAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    protected override void ReleaseAll() => Release();
}
