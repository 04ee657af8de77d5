using System.Collections.Concurrent;
using System.Net;
using FastMesos.Apps.Health;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// The thread that carries <see cref="HttpProbeClient"/>'s HTTP probes in waves (issue 7: a
/// thread-pool wake-up per probe cost most of the checker's CPU). Every <see cref="WaveMillis"/>
/// it: reads the responses of every probe in flight that <c>poll</c> finds readable (one call for
/// all); fails those past their deadline; then sends the requests of the probes submitted since
/// the last wave on their kept-alive connections, with synchronous non-blocking sends. Results go
/// to each probe's sink from this thread. An address is dialed here too, with a non-blocking
/// connect, so its socket never meets the runtime's socket engine (whose epoll thread would wake
/// for every response). Only a host name is dialed asynchronously, and its probe comes back
/// through <see cref="_connected"/>. With nothing in flight the thread sleeps until a probe is submitted.
/// <para>
/// At most <see cref="_maxInFlight"/> probes are dialing or waiting for their answers; the rest wait
/// in <see cref="_submitted"/>, in order, and their timeouts start when they are sent. Keeping the
/// bound here lets the runtime hand over a whole tick's due probes at once, instead of starting
/// each as a result frees a slot: that took one runtime-loop turn per wave.
/// </para>
/// <para>
/// Results reach their sinks as they finish, but each sink hears <see cref="IHttpProbeSink.OnBatchEnd"/>
/// at most every <see cref="FlushMillis"/> (and before the thread idles): the runtime drains its
/// results once per batch, so one thread-pool wake-up carries ~100 results, not ~20.
/// </para>
/// </summary>
internal sealed class HttpProbeWaves : IDisposable
{
    /// <summary>The wave period: a probe's answer waits at most this long to be read (and a deadline is late by at most this).</summary>
    public const int WaveMillis = 2;

    /// <summary>How often the sinks that got results are told a batch ended (a result waits at most this long to be handed on).</summary>
    public const int FlushMillis = 10;

    private const string Stopped = "health prober stopped";

    private readonly HttpProbeClient _client;
    private readonly int _maxInFlight;
    private readonly ConcurrentQueue<WaveProbe> _submitted = new();
    private readonly ConcurrentQueue<WaveProbe> _connected = new();
    private readonly ConcurrentBag<WaveProbe> _pool = [];
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _thread;

    // The probes in flight on connected sockets, and the poll set built from them each wave (same order).
    private readonly List<WaveProbe> _waiting = [];
    private readonly List<IHttpProbeSink> _unflushed = [];   // sinks given results since their last OnBatchEnd (usually one)
    private long _lastFlush;
    private Poll.Descriptor[] _descriptors = new Poll.Descriptor[64];
    private int _dialing;    // probes whose connect is in progress (only this thread counts them)
    private int _sleeping;   // 1 while the thread waits with nothing in flight: a submit must wake it
    private volatile bool _stopping;

    public HttpProbeWaves(HttpProbeClient client, int maxInFlight)
    {
        if (maxInFlight < 1)
            throw new ArgumentOutOfRangeException(nameof(maxInFlight), maxInFlight, "at least one probe must be allowed in flight");
        _client = client;
        _maxInFlight = maxInFlight;
        _thread = new Thread(Run) { IsBackground = true, Name = "Marathon health probes" };
        _thread.Start();
    }

    /// <summary>
    /// Queues a probe for the next wave with a free slot; its <paramref name="timeoutMillis"/> counts
    /// from its send. Thread-safe.
    /// </summary>
    public void Submit(HealthCheck check, ProbeEndpoint endpoint, byte[] request, long timeoutMillis, IHttpProbeSink sink, in ProbeTicket ticket)
    {
        if (!_pool.TryTake(out WaveProbe? probe))
            probe = new WaveProbe();
        probe.Check = check;
        probe.Endpoint = endpoint;
        probe.Request = request;
        probe.TimeoutMillis = timeoutMillis;
        probe.Sink = sink;
        probe.Ticket = ticket;
        _submitted.Enqueue(probe);
        if (_stopping)
            DrainStopped();
        else
            WakeIfSleeping();
    }

    private void WakeIfSleeping()
    {
        // Pairs with Run's Exchange before its last look at the queues: either it sees the probe or we see it sleeping.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) == 1)
            _wake.Set();
    }

    private void Run()
    {
        while (!_stopping)
        {
            long now = Environment.TickCount64;
            if (_waiting.Count > 0)
                ReadReady(now);
            StartConnected();
            StartSubmitted(now);
            if (_waiting.Count > 0 || _dialing > 0)
            {
                if (now - _lastFlush >= FlushMillis)
                    FlushSinks(now);
                Thread.Sleep(WaveMillis);
                continue;
            }
            FlushSinks(now);
            _wake.Reset();
            Interlocked.Exchange(ref _sleeping, 1);
            if (_submitted.IsEmpty && _connected.IsEmpty && !_stopping)
                _wake.Wait();
            Volatile.Write(ref _sleeping, 0);
        }
        foreach (WaveProbe probe in _waiting)
        {
            probe.Connection!.Abandon();
            _client.Close(probe.Connection);
            Complete(probe, false, Stopped);
        }
        _waiting.Clear();
        FlushSinks(Environment.TickCount64);
        DrainStopped();
    }

    private void FlushSinks(long now)
    {
        _lastFlush = now;
        foreach (IHttpProbeSink sink in _unflushed)
            sink.OnBatchEnd();
        _unflushed.Clear();
    }

    /// <summary>One poll over the probes in flight; reads those ready, fails those past their deadline.</summary>
    private void ReadReady(long now)
    {
        int count = _waiting.Count;
        if (_descriptors.Length < count)
            _descriptors = new Poll.Descriptor[Math.Max(count, _descriptors.Length * 2)];
        for (int i = 0; i < count; i++)
        {
            HttpProbeConnection connection = _waiting[i].Connection!;
            _descriptors[i] = new Poll.Descriptor { Fd = connection.Descriptor, Events = connection.Sending ? Poll.Out : Poll.In };
        }
        // A failed poll: every probe tries its socket, whose own call reports what is wrong.
        bool all = Poll.Ready(_descriptors, count) < 0;
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            WaveProbe probe = _waiting[i];
            HttpProbeConnection connection = probe.Connection!;
            HttpProbeOutcome? outcome = null;
            if (all || _descriptors[i].Returned != 0)
                outcome = connection.Step();
            if (outcome is null && now >= probe.Deadline)
            {
                connection.Abandon();
                outcome = HttpProbeOutcome.Expired;
            }
            if (outcome is { } done)
                Finish(probe, done);
            else
                _waiting[kept++] = probe;
        }
        // Only the polled range: a probe retried on a fresh connection above was appended past it.
        _waiting.RemoveRange(kept, count - kept);
    }

    /// <summary>Sends queued probes while slots are free (their deadlines start now).</summary>
    private void StartSubmitted(long now)
    {
        // Bounded: probes submitted while this runs wait for the next wave.
        for (int n = _submitted.Count; n > 0 && _waiting.Count + _dialing < _maxInFlight && _submitted.TryDequeue(out WaveProbe? probe); n--)
        {
            probe.Deadline = now + probe.TimeoutMillis;
            HttpProbeConnection? connection = probe.Endpoint.TryTakeIdle();
            if (connection is null)
                Dial(probe);
            else
                Send(probe, connection, reused: true);
        }
    }

    private void StartConnected()
    {
        while (_connected.TryDequeue(out WaveProbe? probe))
        {
            _dialing--;
            HttpProbeConnection connection = probe.Connection!;
            HttpProbeOutcome connect = probe.Connect;
            if (connect.TimedOut || connect.Error is not null || !connection.MakeNonBlocking())
            {
                _client.Close(connection);
                Complete(probe, false, connect.TimedOut ? HttpProbeClient.TimedOut(probe.Check) : connect.Error ?? Stopped);
                continue;
            }
            Send(probe, connection, reused: false);
        }
    }

    private void Send(WaveProbe probe, HttpProbeConnection connection, bool reused)
    {
        probe.Connection = connection;
        probe.Reused = reused;
        connection.Begin(probe.Request, reused);
        if (connection.TrySend() is { } failed)
            Finish(probe, failed);
        else
            _waiting.Add(probe);
    }

    private void Dial(WaveProbe probe)
    {
        HttpProbeConnection connection = _client.Dial(probe.Endpoint);
        probe.Connection = connection;
        if (probe.Endpoint.Address is not IPEndPoint)
        {
            // A name: resolving it could block the thread, so the socket engine dials it.
            _dialing++;
            _ = ConnectAsync(probe);
            return;
        }
        if (!connection.MakeNonBlocking())
        {
            _client.Close(connection);
            Complete(probe, false, Stopped);
            return;
        }
        if (connection.BeginConnect() is { } failed)
        {
            probe.Connection = null;
            _client.Close(connection);
            Complete(probe, false, failed.Error);
            return;
        }
        Send(probe, connection, reused: false);
    }

    private async Task ConnectAsync(WaveProbe probe)
    {
        probe.Connect = await probe.Connection!.ConnectAsync(probe.Deadline).ConfigureAwait(false);
        _connected.Enqueue(probe);
        if (_stopping)
            DrainStopped();
        else
            WakeIfSleeping();
    }

    /// <summary>An exchange ended: keep or close its connection, retry a stale kept-alive one once, else report.</summary>
    private void Finish(WaveProbe probe, HttpProbeOutcome outcome)
    {
        HttpProbeConnection connection = probe.Connection!;
        probe.Connection = null;
        if (!outcome.Reusable || _stopping || !probe.Endpoint.TryReturnIdle(connection))
            _client.Close(connection);
        if (probe.Reused && outcome.Retryable && !_stopping)
        {
            Dial(probe);
            return;
        }
        if (outcome.TimedOut)
            Complete(probe, false, HttpProbeClient.TimedOut(probe.Check));
        else if (outcome.Error is { } error)
            Complete(probe, false, error);
        else
        {
            bool? passed = HealthPolicy.HttpPasses(probe.Check, outcome.Status);
            Complete(probe, passed, passed == false ? $"{outcome.Status} {outcome.Reason}" : null);
        }
    }

    /// <summary>Hands a result to its sink; on the waves thread the batch ends at the next flush, elsewhere at once.</summary>
    private void Complete(WaveProbe probe, bool? passed, string? cause)
    {
        IHttpProbeSink sink = probe.Sink;
        ProbeTicket ticket = probe.Ticket;
        HealthCheck check = probe.Check;
        probe.Clear();
        _pool.Add(probe);
        sink.OnProbed(ticket, check, passed, cause);
        if (Thread.CurrentThread != _thread)
            sink.OnBatchEnd();
        else if (!_unflushed.Contains(sink))
            _unflushed.Add(sink);
    }

    /// <summary>Fails the probes submitted or connected after the thread stopped (nothing will carry them).</summary>
    private void DrainStopped()
    {
        while (_submitted.TryDequeue(out WaveProbe? probe))
            Complete(probe, false, Stopped);
        while (_connected.TryDequeue(out WaveProbe? probe))
        {
            _client.Close(probe.Connection!);
            Complete(probe, false, Stopped);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        if (Thread.CurrentThread != _thread)
            _thread.Join(TimeSpan.FromSeconds(10));
    }
}
