using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// Where <see cref="HttpProbeClient.StartHttp"/> delivers a probe's result: called on the prober's
/// own thread, once per probe, so it must be quick and must not block (queue the result and move on).
/// </summary>
internal interface IHttpProbeSink
{
    void OnProbed(in ProbeTicket ticket, HealthCheck check, bool? passed, string? cause);
}
