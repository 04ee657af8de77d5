using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// Where <see cref="HttpProbeClient.StartHttp"/> delivers a probe's result: called on the prober's
/// own thread, so both calls must be quick and must not block (queue the result and move on).
/// </summary>
internal interface IHttpProbeSink
{
    /// <summary>One probe's result (once per probe).</summary>
    void OnProbed(in ProbeTicket ticket, HealthCheck check, bool? passed, string? cause);

    /// <summary>
    /// The results given since the last call are a batch: hand them on now. Follows every
    /// <see cref="OnProbed"/> within <see cref="HttpProbeWaves.FlushMillis"/> plus a wave.
    /// </summary>
    void OnBatchEnd();
}
