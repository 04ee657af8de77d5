using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// One HTTP probe carried by <see cref="HttpProbeWaves"/>: what to send where, by when, on which
/// connection, and whom to tell. Pooled: the waves thread recycles it once the sink has the result.
/// </summary>
internal sealed class WaveProbe
{
    public HealthCheck Check = null!;
    public ProbeEndpoint Endpoint = null!;
    public byte[] Request = [];
    /// <summary>The check's timeout; <see cref="Deadline"/> is set from it when the probe is sent.</summary>
    public long TimeoutMillis;

    public long Deadline;
    public IHttpProbeSink Sink = null!;
    public ProbeTicket Ticket;

    /// <summary>The connection carrying the probe (null before it has one).</summary>
    public HttpProbeConnection? Connection;

    /// <summary>The connection carried a probe before this one (a failure before any response byte is worth one fresh dial).</summary>
    public bool Reused;

    /// <summary>The outcome of the asynchronous connect that <see cref="HttpProbeWaves"/> waits for.</summary>
    public HttpProbeOutcome Connect;

    public void Clear()
    {
        Check = null!;
        Endpoint = null!;
        Request = [];
        Sink = null!;
        Ticket = default;
        Connection = null;
        Connect = default;
    }
}
