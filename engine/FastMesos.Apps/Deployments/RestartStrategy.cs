namespace FastMesos.Apps.Deployments;

/// <summary>
/// The arithmetic of a rolling restart (specs/marathon.md §5.2, Marathon's
/// <c>TaskReplaceActor.computeRestartStrategy</c>), computed once when the restart starts.
/// </summary>
/// <param name="MinHealthy"><c>ceil(N × minimumHealthCapacity)</c>.</param>
/// <param name="MaxCapacity">The most instances (old + new, not terminal) at any time.</param>
/// <param name="KillImmediately">Old instances killed up front (unhealthy ones first).</param>
public readonly record struct RestartStrategy(int MinHealthy, int MaxCapacity, int KillImmediately)
{
    /// <summary>Computes the strategy.</summary>
    /// <param name="targetInstances">N, the target's instances (≥ 0).</param>
    /// <param name="minimumHealthCapacity">upgradeStrategy.minimumHealthCapacity, 0..1.</param>
    /// <param name="maximumOverCapacity">upgradeStrategy.maximumOverCapacity, 0..1.</param>
    /// <param name="resident">Whether the app has persistent volumes (its instances keep their reservation).</param>
    /// <param name="consideredHealthy">H: old and new instances with goal Running that are healthy (or the app has no health checks).</param>
    /// <param name="active">All old and new instances with goal Running.</param>
    public static RestartStrategy Compute(int targetInstances, double minimumHealthCapacity, double maximumOverCapacity, bool resident,
        int consideredHealthy, int active)
    {
        if (targetInstances < 0)
            DeploymentThrowHelper.ThrowArgumentOutOfRange(nameof(targetInstances), "instances must not be negative");
        // Double arithmetic on purpose: Marathon computes in doubles, and ceil/floor of e.g. 3 × 0.7
        // must round the same way here.
        int minHealthy = (int)Math.Ceiling(targetInstances * minimumHealthCapacity);
        int maxCapacity = (int)(targetInstances * (1 + maximumOverCapacity));
        int killImmediately = Math.Max(0, consideredHealthy - minHealthy);

        if (minHealthy == maxCapacity && maxCapacity <= consideredHealthy)
        {
            // No room to start anything without going below minHealthy: a non-resident app gets one
            // temporary extra instance; a resident one cannot (its reservations are fixed), so it
            // dips one below minHealthy instead.
            if (resident)
                killImmediately = consideredHealthy - minHealthy + 1;
            else
                maxCapacity += 1;
        }
        // More instances than wanted (e.g. after a forced deployment): at least the surplus goes now.
        if (active > targetInstances)
            killImmediately = Math.Max(killImmediately, active - targetInstances);
        return new RestartStrategy(minHealthy, maxCapacity, killImmediately);
    }
}
