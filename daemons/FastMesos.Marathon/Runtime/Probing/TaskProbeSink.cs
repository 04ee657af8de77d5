using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// The sink behind <see cref="HttpProbeClient.ProbeHttpAsync"/>: completes a task off the prober's
/// thread, so an awaiting caller never runs on it (one allocation per probe: for callers that await
/// single probes, not the runtime's steady stream).
/// </summary>
internal sealed class TaskProbeSink : IHttpProbeSink
{
    private readonly TaskCompletionSource<(bool? Passed, string? Cause)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(bool? Passed, string? Cause)> Result => _result.Task;

    public void OnProbed(in ProbeTicket ticket, HealthCheck check, bool? passed, string? cause) => _result.TrySetResult((passed, cause));

    /// <summary>Nothing to hand on: the one result completed the task already.</summary>
    public void OnBatchEnd()
    {
    }
}
