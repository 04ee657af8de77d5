namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// What one exchange on an <see cref="HttpProbeConnection"/> gave: the status (0 when none was read),
/// the reason phrase of a status that fails (null otherwise, so passing probes allocate nothing),
/// or the error; whether the connection may carry the next probe, and whether the failure is the
/// kind a kept-alive connection meets when the server closed it while idle (worth one fresh dial).
/// </summary>
internal readonly record struct HttpProbeOutcome(int Status, string? Reason, string? Error, bool TimedOut, bool Reusable, bool Retryable)
{
    public static HttpProbeOutcome Failed(string error, bool retryable = false) => new(0, null, error, false, false, retryable);

    public static HttpProbeOutcome Expired => new(0, null, null, true, false, false);
}
