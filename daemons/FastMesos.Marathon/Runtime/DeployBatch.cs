using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Deploy calls planned one after the other and stored in one write (group commit): each call
/// plans on the tree the calls before it in the batch left, as if they had been stored already,
/// and the batch's write stores them all or none.
/// <para>
/// Invariant while the batch plans: <c>MarathonRuntime._root</c> is the last draft's target (or
/// <see cref="OriginalRoot"/> before the first); the deployments a call conflicts with are the
/// running ones and those of the drafts before it, minus those a forced draft cancelled.
/// </para>
/// </summary>
internal sealed class DeployBatch(RootGroup originalRoot)
{
    /// <summary>The stored tree when the batch began: the tree again if its write fails.</summary>
    public RootGroup OriginalRoot { get; } = originalRoot;

    /// <summary>The drafts to store, in call order.</summary>
    public List<DeployDraft> Drafts { get; } = [];

    /// <summary>For each draft, the index of the call that made it.</summary>
    public List<int> DraftCalls { get; } = [];

    /// <summary>Running or drafted deployments cancelled by a forced draft of this batch.</summary>
    public HashSet<RunningDeployment> Cancelled { get; } = new(ReferenceEqualityComparer.Instance);

    // The index of the call planning now.
    private int _call = -1;

    /// <summary>Completes when the call planning now has drafted its change.</summary>
    /// <remarks>
    /// Its waiter (the batch) resumes on another thread, not inside the call's <see cref="Add"/>:
    /// the call only goes on to await its write, which touches no state.
    /// </remarks>
    public TaskCompletionSource Drafted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next call starts planning.</summary>
    public void NextCall()
    {
        _call++;
        Drafted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The planning call drafted <paramref name="draft"/>: it waits for the write, the next call plans on its target.</summary>
    public void Add(DeployDraft draft)
    {
        Drafts.Add(draft);
        DraftCalls.Add(_call);
        foreach (RunningDeployment cancelled in draft.Conflicts)
            Cancelled.Add(cancelled);
        Drafted.TrySetResult();
    }

    /// <summary>The deployments of the drafts so far that no later draft cancelled.</summary>
    public IEnumerable<RunningDeployment> DraftedDeployments()
    {
        foreach (DeployDraft draft in Drafts)
        {
            if (draft.Running is { } running && !Cancelled.Contains(running))
                yield return running;
        }
    }
}
