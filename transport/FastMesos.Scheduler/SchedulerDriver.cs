using System.Threading.Channels;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Scheduler;

/// <summary>
/// A framework's connection to the master over the native wire (the role of Mesos'
/// <c>MesosSchedulerDriver</c> / v1 scheduler library). It dials, subscribes, and on every lost
/// connection redials with backoff and subscribes again with the framework id it was given, so the
/// master treats it as the same framework (failover). Events reach <see cref="ISchedulerCallbacks"/>
/// on one callback thread, in order. Calls (<see cref="Accept"/>, <see cref="Decline(IReadOnlyList{OfferId}, double?)"/>,
/// …) are thread-safe, do not wait, and are at most once like Mesos': they return false when no
/// subscribed connection could take them.
/// </summary>
/// <remarks>
/// Invariants: <c>_subscribed</c> is either null or the dialer's live connection after the master
/// answered its SUBSCRIBE; calls go only there. <c>_framework.Id</c> is set from the first
/// SUBSCRIBED on and every later SUBSCRIBE carries it.
/// </remarks>
public sealed partial class SchedulerDriver : IAsyncDisposable
{
    [ThreadStatic]
    private static SchedulerDriver? t_dispatching;

    private readonly SchedulerDriverOptions _options;
    private readonly ISchedulerCallbacks _callbacks;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Channel<DriverEvent> _events = Channel.CreateUnbounded<DriverEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<SubscribedEvent> _firstSubscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SchedulerDriverState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReconnectingDialer _dialer;
    private readonly ITimer _heartbeatTimer;
    private FrameworkInfo _framework;
    private FrameConnection? _subscribed;

    // Calls keep their order, and are not dropped, while the connection pauses sending.
    private readonly OrderedSends _sends = new();

    /// <summary>
    /// The decode pool of the driver's connections, holding the ids of the tasks it launched
    /// (<see cref="Accept"/>) so that their status updates decode to the launch's strings instead of
    /// new ones. 65,536 slots: a deploy launches tens of thousands of tasks a second, and their
    /// first updates mostly come within that many launches (perf-reports/2026-12-07-store-batches/).
    /// </summary>
    private readonly StringPool _strings = new(65536);
    private long _lastReceived;
    private long _heartbeatIntervalTicks;
    private int _state;
    private int _shutdown;
    private volatile bool _tearingDown;
    private volatile string? _abortReason;
    private Task _dispatchLoop = Task.CompletedTask;

    /// <summary>Prepares a driver; nothing is dialed until <see cref="Start"/>.</summary>
    public SchedulerDriver(SchedulerDriverOptions options, ISchedulerCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(options.Framework);
        IMasterLocator locator = options.MasterLocator
            ?? new FixedMasterLocator(options.Master ?? throw new ArgumentException("SchedulerDriverOptions needs Master or MasterLocator", nameof(options)));
        if (options.MissedHeartbeats < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MissedHeartbeats must be at least 1");
        if (options.DefaultHeartbeatInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "DefaultHeartbeatInterval must be positive");
        if (options.SendPauseThreshold < 2)
            throw new ArgumentOutOfRangeException(nameof(options), "SendPauseThreshold must be at least 2 bytes");
        _options = options;
        _callbacks = callbacks;
        _time = options.TimeProvider;
        _log = options.Log ?? (static _ => { });
        _framework = options.Framework;
        _heartbeatIntervalTicks = options.DefaultHeartbeatInterval.Ticks;
        var dial = new DialOptions
        {
            LocalRole = PeerRole.Scheduler,
            ExpectedRemoteRole = PeerRole.Master,
            AuthToken = options.AuthToken,
            MaxFrameSize = options.MaxFrameSize,
            SendPauseThreshold = options.SendPauseThreshold,
            SendResumeThreshold = options.SendPauseThreshold / 2,
            Log = options.Log,
        };
        _dialer = new ReconnectingDialer(options.Transport, locator, dial, new SchedulerConnectionHandler(this, _strings), options.Reconnect)
        {
            Connected = OnConnected,
            Disconnected = OnDisconnected,
            BackingOff = OnBackingOff,
        };
        _heartbeatTimer = _time.CreateTimer(static s => ((SchedulerDriver)s!).CheckHeartbeat(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The framework id: the one the driver was given for a failover, or the master's answer to the first SUBSCRIBE.</summary>
    public FrameworkId? FrameworkId => Volatile.Read(ref _framework).Id;

    /// <summary>The framework info the driver subscribes with (its id filled in once known).</summary>
    public FrameworkInfo Framework => Volatile.Read(ref _framework);

    public SchedulerDriverState State => (SchedulerDriverState)Volatile.Read(ref _state);

    /// <summary>True while a connection is subscribed, so calls can go out.</summary>
    public bool IsSubscribed => Volatile.Read(ref _subscribed) is not null;

    /// <summary>The first SUBSCRIBED; faults when the driver stops or aborts before it.</summary>
    public Task<SubscribedEvent> WhenSubscribed => _firstSubscribed.Task;

    /// <summary>Completes with the final state once the driver stopped or aborted.</summary>
    public Task<SchedulerDriverState> Completion => _completion.Task;

    /// <summary>Why the driver aborted (the master's error), or null.</summary>
    public string? AbortReason => _abortReason;

    /// <summary>Starts dialing and subscribing without waiting (Mesos' <c>start()</c>). Only once.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)SchedulerDriverState.Running, (int)SchedulerDriverState.NotStarted) != (int)SchedulerDriverState.NotStarted)
            throw new InvalidOperationException($"The driver was already started (state {State}).");
        _dispatchLoop = Task.Run(DispatchAsync);
        _dialer.Start();
    }

    /// <summary>
    /// <see cref="Start"/>, then waits for the first SUBSCRIBED. Cancelling stops the wait, not the
    /// driver. Throws <see cref="InvalidOperationException"/> when the master refuses the subscription.
    /// </summary>
    public async Task<SubscribedEvent> StartAsync(CancellationToken cancellationToken = default)
    {
        Start();
        return await _firstSubscribed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the driver. Without <paramref name="failover"/> the framework is torn down first (its
    /// tasks are killed, Mesos' <c>stop(false)</c>). With it the connection just closes and the master
    /// keeps the framework and its tasks for the framework's failover timeout, so another driver
    /// subscribing with <see cref="FrameworkId"/> takes over. Safe to call from a callback.
    /// </summary>
    public async Task StopAsync(bool failover = false)
    {
        if (!failover && State == SchedulerDriverState.Running)
            await TeardownAsync().ConfigureAwait(false);
        await ShutdownAsync(SchedulerDriverState.Stopped).ConfigureAwait(false);
    }

    /// <summary>Stops with failover: disposal never tears the framework down.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(failover: true));

    internal void Touch() => Volatile.Write(ref _lastReceived, _time.GetTimestamp());

    internal void Enqueue(in DriverEvent e) => _events.Writer.TryWrite(e);

    internal void OnSubscribed(FrameConnection connection, SubscribedEvent subscribed)
    {
        FrameworkInfo current = Volatile.Read(ref _framework);
        if (current.Id != subscribed.FrameworkId)
            Volatile.Write(ref _framework, current with { Id = subscribed.FrameworkId });
        if (subscribed.HeartbeatIntervalSeconds > 0)
        {
            TimeSpan interval = TimeSpan.FromSeconds(Math.Min(subscribed.HeartbeatIntervalSeconds, 86400));
            Volatile.Write(ref _heartbeatIntervalTicks, interval.Ticks);
            _heartbeatTimer.Change(interval, interval);
        }

        Volatile.Write(ref _subscribed, connection);
        // The dialer may have seen this connection close in between; never keep a dead one as subscribed.
        if (connection.CloseInfo is not null)
            Interlocked.CompareExchange(ref _subscribed, null, connection);
        Enqueue(new DriverEvent(DriverEventKind.Subscribed, subscribed));
        _firstSubscribed.TrySetResult(subscribed);
    }

    /// <summary>
    /// An ERROR before SUBSCRIBED means the subscription was refused; "failed over" and "removed"
    /// mean another instance owns the framework or it is gone. Those abort: redialing cannot help.
    /// Other errors (a call the master rejected) leave the subscription in place.
    /// </summary>
    internal void OnError(FrameConnection connection, string message)
    {
        bool fatal = Volatile.Read(ref _subscribed) != connection
            || message is "Framework failed over" or "Framework has been removed";
        if (fatal && TryAbort(message))
            return;

        Enqueue(new DriverEvent(DriverEventKind.Error, message));
    }

    /// <summary>Aborts the driver for good with <paramref name="message"/>; false when it was not running (or is tearing down).</summary>
    private bool TryAbort(string message)
    {
        if (_tearingDown
            || Interlocked.CompareExchange(ref _state, (int)SchedulerDriverState.Aborted, (int)SchedulerDriverState.Running) != (int)SchedulerDriverState.Running)
            return false;
        _abortReason = message;
        _log($"scheduler driver for {FrameworkId?.Value ?? Framework.Name} aborted: {message}");
        Enqueue(new DriverEvent(DriverEventKind.Error, message));
        _ = Task.Run(() => ShutdownAsync(SchedulerDriverState.Aborted));
        return true;
    }

    // A master that refuses the preamble (failed authentication, a role or version it does not
    // serve) refuses every redial the same way: abort, as Mesos' driver does on failed authentication.
    private void OnBackingOff(int attempt, TimeSpan delay, Exception? error)
    {
        if (error is ConnectionClosedException { Info.Reason: CloseReason.BadPreamble } refused
            && refused.Info.Message.StartsWith("refused by the peer: ", StringComparison.Ordinal))
            TryAbort("The master refused the connection: " + refused.Info.Message["refused by the peer: ".Length..]);
    }

    // Dialer loop: a fresh connection subscribes, carrying the framework id once known (failover).
    private void OnConnected(FrameConnection connection)
    {
        Touch();
        if (_tearingDown || State != SchedulerDriverState.Running)
        {
            connection.Close(CloseReason.LocalClose, "the scheduler driver is stopping");
            return;
        }

        var subscribe = new SubscribeCall { Framework = Volatile.Read(ref _framework), SuppressedRoles = _options.SuppressedRoles };
        if (!connection.TrySendMessage(in subscribe))
            connection.Close(CloseReason.LocalClose, "could not queue SUBSCRIBE");
        TimeSpan interval = TimeSpan.FromTicks(Volatile.Read(ref _heartbeatIntervalTicks));
        _heartbeatTimer.Change(interval, interval);
    }

    private void OnDisconnected(FrameConnection connection, CloseInfo info)
    {
        Interlocked.CompareExchange(ref _subscribed, null, connection);
        Enqueue(new DriverEvent(DriverEventKind.Disconnected, info.ToString()));
    }

    // Timer: no frame at all (events or heartbeats) for MissedHeartbeats intervals means the master
    // or the path to it is gone even if TCP has not noticed; closing makes the dialer redial.
    private void CheckHeartbeat()
    {
        FrameConnection? connection = _dialer.Current;
        if (connection is null)
            return;
        TimeSpan budget = TimeSpan.FromTicks(Volatile.Read(ref _heartbeatIntervalTicks) * _options.MissedHeartbeats);
        TimeSpan silent = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (silent > budget)
        {
            _log($"no event from the master for {silent.TotalSeconds:0.#} s (budget {budget.TotalSeconds:0.#} s): reconnecting");
            connection.Close(CloseReason.HeartbeatTimeout, $"no heartbeat from the master for {silent.TotalSeconds:0.#} s");
        }
    }

    private async Task ShutdownAsync(SchedulerDriverState final)
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            if (t_dispatching != this)
                await _completion.Task.ConfigureAwait(false);
            return;
        }

        Interlocked.CompareExchange(ref _state, (int)final, (int)SchedulerDriverState.Running);
        Interlocked.CompareExchange(ref _state, (int)final, (int)SchedulerDriverState.NotStarted);
        await _dialer.DisposeAsync().ConfigureAwait(false);
        await _heartbeatTimer.DisposeAsync().ConfigureAwait(false);
        Volatile.Write(ref _subscribed, null);
        _events.Writer.TryComplete();
        _firstSubscribed.TrySetException(new InvalidOperationException(_abortReason is { } why
            ? $"The master refused the framework: {why}"
            : "The scheduler driver stopped before it subscribed."));
        _ = _firstSubscribed.Task.Exception; // observed: nobody has to wait for it
        if (t_dispatching != this)
            await _dispatchLoop.ConfigureAwait(false);
        _completion.TrySetResult(State);
    }

    private async Task DispatchAsync()
    {
        await foreach (DriverEvent e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            t_dispatching = this;
            try
            {
                Dispatch(e);
            }
            catch (Exception ex)
            {
                _log($"scheduler callback {e.Kind} threw {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                t_dispatching = null;
            }
        }
    }

    private void Dispatch(in DriverEvent e)
    {
        switch (e.Kind)
        {
            case DriverEventKind.Subscribed:
                _callbacks.Subscribed(this, (SubscribedEvent)e.Payload!);
                break;
            case DriverEventKind.Offers:
                _callbacks.Offers(this, (Offer[])e.Payload!);
                break;
            case DriverEventKind.Rescinded:
                _callbacks.Rescinded(this, (OfferId)e.Payload!);
                break;
            case DriverEventKind.StatusUpdate:
                _callbacks.StatusUpdate(this, e.Status);
                if (_options.ImplicitAcknowledgements && e.Status.Uuid is not null)
                    Acknowledge(e.Status);
                break;
            case DriverEventKind.Message:
                _callbacks.Message(this, (MessageEvent)e.Payload!);
                break;
            case DriverEventKind.Failure:
                _callbacks.Failure(this, (FailureEvent)e.Payload!);
                break;
            case DriverEventKind.Error:
                _callbacks.Error(this, (string)e.Payload!);
                break;
            case DriverEventKind.Disconnected:
                _callbacks.Disconnected(this, (string)e.Payload!);
                break;
        }
    }
}
