namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Group commit of deploy calls (POST /v2/apps, PUT/PATCH /v2/apps/{id}). Each call used to hold the
/// loop for its own store write: with eight POSTs in flight during a 1,000 × 1,000 deploy, a POST
/// waited for the seven writes ahead of it. Calls queued while one batch runs form the next batch:
/// they are planned one after the other on the loop, each on the tree the ones before it left,
/// stored in one write, then applied and answered in order, and their deployments started together.
/// <para>
/// The result is the one the calls would have had one by one in the same order (each sees the
/// changes of those before it: a second POST of the same id gets its 409), except that when the
/// write fails every call of the batch fails and nothing changed. A call whose planning fails (400,
/// 409, 422) fails alone; the others go on.
/// </para>
/// </summary>
public sealed partial class MarathonRuntime
{
    /// <summary>Calls planned and stored together at most; more wait for the next batch.</summary>
    internal const int MaxCallsPerDeployBatch = 16;

    private readonly Lock _deployCallsGate = new();

    // Deploy calls waiting for their batch, in arrival order; a batch item is queued on the loop
    // whenever this is non-empty (_deployBatchQueued).
    private readonly List<DeployCall> _deployCalls = [];
    private bool _deployBatchQueued;

    /// <summary>Deploy calls waiting for a batch to take them (tests wait on it to queue calls behind a write).</summary>
    internal int DeployCallsWaiting
    {
        get
        {
            lock (_deployCallsGate)
                return _deployCalls.Count;
        }
    }

    /// <summary>The batch whose calls are planning now (on the loop); null otherwise.</summary>
    private DeployBatch? _planningBatch;

    /// <summary>
    /// Runs <paramref name="work"/> — a REST call that changes the tree through one
    /// <see cref="DeployAsync"/> and renders its answer — in the next deploy batch. Its service ports
    /// are given back when it fails, as for <see cref="RunAsync{T}"/>.
    /// </summary>
    internal Task<T> RunDeployAsync<T>(Func<MarathonRuntime, Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool queueBatch;
        lock (_deployCallsGate)
        {
            _deployCalls.Add(new DeployCall(
                async () =>
                {
                    try
                    {
                        done.TrySetResult(await RestoringPortsOnFailureAsync(work).ConfigureAwait(false));
                    }
                    catch (Exception e)
                    {
                        done.TrySetException(e);
                    }
                },
                e => done.TrySetException(e)));
            queueBatch = !_deployBatchQueued;
            _deployBatchQueued = true;
        }
        if (queueBatch)
            QueueDeployBatch();
        return done.Task;
    }

    private void QueueDeployBatch()
    {
        Task<bool> batch = _loop.RunAsync(async () =>
        {
            await RunDeployBatchAsync().ConfigureAwait(false);
            return true;
        });
        // The loop refuses work only once closed (the runtime stops): the waiting calls fail, not hang.
        if (batch.IsFaulted)
        {
            List<DeployCall> refused;
            lock (_deployCallsGate)
            {
                refused = [.. _deployCalls];
                _deployCalls.Clear();
                _deployBatchQueued = false;
            }
            Exception failure = batch.Exception!.GetBaseException();
            foreach (DeployCall call in refused)
                call.Fail(failure);
        }
    }

    /// <summary>One batch, on the loop: plan each call, store all drafts, apply and answer in order, start the deployments.</summary>
    private async Task RunDeployBatchAsync()
    {
        List<DeployCall> calls;
        bool more;
        lock (_deployCallsGate)
        {
            int take = Math.Min(_deployCalls.Count, MaxCallsPerDeployBatch);
            calls = _deployCalls.GetRange(0, take);
            _deployCalls.RemoveRange(0, take);
            // Calls left over get their batch now; one arriving from here on queues it (the flag is clear).
            _deployBatchQueued = more = _deployCalls.Count > 0;
        }
        if (more)
            QueueDeployBatch();

        var batch = new DeployBatch(_root);
        var running = new Task[calls.Count];
        _planningBatch = batch;
        try
        {
            for (int i = 0; i < calls.Count; i++)
            {
                batch.NextCall();
                _portsMark = _portsChanged.Count;
                running[i] = calls[i].Run();
                // Until the call waits for the batch's write (it drafted its change) or is done
                // (refused, or nothing to store); only then may the next call plan.
                if (!running[i].IsCompleted)
                    await Task.WhenAny(running[i], batch.Drafted.Task).ConfigureAwait(false);
            }
        }
        finally
        {
            _planningBatch = null;
            _portsMark = 0;
        }

        if (batch.Drafts.Count > 0)
        {
            Exception? failure = null;
            try
            {
                await StoreAsync(batch.Drafts).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
                _root = batch.OriginalRoot;
                RestoreServicePorts(from: 0);
            }
            // Applied and answered in call order, one at a time: a call goes on from its write to
            // its answer (and may await the store while pruning versions) before the next applies.
            for (int i = 0; i < batch.Drafts.Count; i++)
            {
                if (failure is null)
                    batch.Drafts[i].Stored.TrySetResult();
                else
                    batch.Drafts[i].Stored.TrySetException(failure);
                await running[batch.DraftCalls[i]].ConfigureAwait(false);
            }
            _portsChanged.Clear();
        }
        await Task.WhenAll(running).ConfigureAwait(false);   // calls never throw: each answers its own caller
        if (batch.Drafts.Count == 0)
            return;
        try
        {
            await AdvanceDeploymentsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The calls are stored and answered; the next event (an offer, a status, the timer) advances again.
            _log?.Invoke($"E starting the deployments of a deploy batch failed: {e}");
        }
    }
}
