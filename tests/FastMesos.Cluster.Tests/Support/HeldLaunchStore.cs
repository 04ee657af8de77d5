using System.Collections.Concurrent;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// An in-memory Marathon store that holds back the first batch of instance records (a launch
/// batch: Marathon stores the instances it is about to launch in one <see cref="PutAllAsync"/>),
/// or the first batch <c>holds</c> picks, until <see cref="Release"/>: the batch is neither stored
/// nor completed meanwhile, as a slow disk would leave it. Everything else goes straight through.
/// The keys of every batch are recorded.
/// </summary>
internal sealed class HeldLaunchStore(Func<IReadOnlyList<KeyValuePair<string, byte[]>>, bool>? holds = null) : InterceptedStore
{
    private readonly Func<IReadOnlyList<KeyValuePair<string, byte[]>>, bool> _holds = holds ?? AnyInstance;
    private readonly TaskCompletionSource<IReadOnlyList<KeyValuePair<string, byte[]>>> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding = 1;

    private readonly ConcurrentQueue<string[]> _batches = new();

    /// <summary>The keys of each batch put so far, in order.</summary>
    public IReadOnlyCollection<string[]> Batches => _batches;

    /// <summary>Completes with the held batch once Marathon handed it over.</summary>
    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> Held => _held.Task;

    /// <summary>Stores the held batch and completes its put.</summary>
    public void Release() => _release.TrySetResult();

    public override Task PutAllAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken = default)
    {
        _batches.Enqueue([.. entries.Select(static e => e.Key)]);
        if (Volatile.Read(ref _holding) == 1 && _holds(entries) && Interlocked.Exchange(ref _holding, 0) == 1)
        {
            _held.TrySetResult(entries);
            return PutAfterReleaseAsync(entries, cancellationToken);
        }
        return PutEachAsync(entries, cancellationToken);
    }

    private static bool AnyInstance(IReadOnlyList<KeyValuePair<string, byte[]>> entries) =>
        entries.Any(static e => e.Key.StartsWith("instances/", StringComparison.Ordinal));

    private async Task PutAfterReleaseAsync(IReadOnlyList<KeyValuePair<string, byte[]>> entries, CancellationToken cancellationToken)
    {
        await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await PutEachAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    protected override void ReleaseAll() => Release();
}
