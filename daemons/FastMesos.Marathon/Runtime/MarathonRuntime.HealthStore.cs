using FastMesos.Apps.Health;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Health that survives a restart or a failover (issue 7, "better than Marathon", which shows every
/// app as unknown until re-probed): an instance's verdicts are stored under
/// <c>health/&lt;instanceId&gt;</c> when a check's <c>alive</c> flips — not on every probe, so writes
/// stay rare — and loaded at start for the task they were taken on. Probes then carry on from the
/// loaded state.
/// </summary>
public sealed partial class MarathonRuntime
{
    private const string HealthPrefix = "health";

    // Instances with a stored health value, so forgetting an instance deletes only keys that exist.
    private readonly HashSet<string> _storedHealth = new(StringComparer.Ordinal);

    private static string HealthKey(string instanceId) => HealthPrefix + "/" + instanceId;

    /// <summary>Stores the instance's current verdicts (call only when one of them flipped).</summary>
    private Task StoreHealthAsync(Instance instance)
    {
        if (instance.HealthResults is not { } results)
            return Task.CompletedTask;
        _storedHealth.Add(instance.InstanceId);
        return _store.PutAsync(HealthKey(instance.InstanceId), HealthCodec.Write(instance.TaskId, instance.Healthy, results), _stopping.Token);
    }

    /// <summary>Deletes the stored health of an instance that is gone.</summary>
    private Task ForgetHealthAsync(string instanceId) =>
        _storedHealth.Remove(instanceId) ? _store.DeleteAsync(HealthKey(instanceId), _stopping.Token) : Task.CompletedTask;

    /// <summary>
    /// After the instances are loaded: each one's stored health, if taken on its current task;
    /// values of gone instances or earlier tasks are deleted.
    /// </summary>
    private async Task LoadHealthAsync(CancellationToken cancellationToken)
    {
        foreach (string instanceId in await _store.ListAsync(HealthPrefix, cancellationToken).ConfigureAwait(false))
        {
            byte[]? bytes = await _store.GetAsync(HealthKey(instanceId), cancellationToken).ConfigureAwait(false);
            if (bytes is not null && HealthCodec.TryRead(bytes, out string taskId, out bool? healthy, out HealthState[] results)
                && _instances.TryGetValue(instanceId, out Instance? instance) && instance.IsTask(taskId) && instance.IsRunning)
            {
                instance.Healthy = healthy;
                instance.HealthResults = results;
                _storedHealth.Add(instanceId);
            }
            else
            {
                await _store.DeleteAsync(HealthKey(instanceId), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
