using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Scheduler;

/// <summary>How a <see cref="SchedulerDriver"/> connects, subscribes and watches the master.</summary>
public sealed record SchedulerDriverOptions
{
    /// <summary>The master to dial (<see cref="MasterAddress.Parse"/> turns <c>host:port</c> into one); ignored when <see cref="MasterLocator"/> is set.</summary>
    public EndPoint? Master { get; init; }

    /// <summary>
    /// Where the leading master is now (for <c>zk://</c>, a ZooKeeper locator that its builder owns
    /// and disposes after the driver); null: <see cref="Master"/>, fixed. After a master failover the
    /// driver dials the new leader and resubscribes with its framework id.
    /// </summary>
    public IMasterLocator? MasterLocator { get; init; }

    /// <summary>
    /// The framework to subscribe. With <see cref="FrameworkInfo.Id"/> set this is a failover: the
    /// master hands the framework (and its tasks, within its failover timeout) to this driver.
    /// </summary>
    public required FrameworkInfo Framework { get; init; }

    /// <summary>Roles that start suppressed (no offers for them until a revive).</summary>
    public IReadOnlyList<string> SuppressedRoles { get; init; } = [];

    /// <summary>
    /// Acknowledge every reliable status update once <see cref="ISchedulerCallbacks.StatusUpdate"/>
    /// returns (the old driver's behaviour). False: the framework calls <see cref="SchedulerDriver.Acknowledge"/>.
    /// </summary>
    public bool ImplicitAcknowledgements { get; init; } = true;

    /// <summary>Heartbeat intervals without any event after which the connection is presumed dead and redialed (Mesos: about 5).</summary>
    public int MissedHeartbeats { get; init; } = 5;

    /// <summary>The heartbeat interval assumed until SUBSCRIBED names the master's (Mesos 15 s).</summary>
    public TimeSpan DefaultHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Backoff between redials; Mesos recommends exponential backoff capped near 15 s.</summary>
    public ReconnectOptions Reconnect { get; init; } = new() { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(15) };

    /// <summary>How long <see cref="SchedulerDriver.StopAsync"/> without failover waits for the master to confirm a teardown.</summary>
    public TimeSpan TeardownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public ITransport Transport { get; init; } = TcpTransport.Instance;

    /// <summary>The token the master requires from frameworks (<c>--authenticate_frameworks</c>), if any.</summary>
    public string? AuthToken { get; init; }

    /// <summary>Largest frame: one OFFERS event for thousands of agents is megabytes (the master's default is 16 MiB).</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Unsent bytes at which the connection pauses (calls then queue in order behind the pause,
    /// <see cref="SchedulerDriver.WhenSendsDrainedAsync"/> waits); it resumes at half. Default 64 MiB,
    /// room for a framework that sends without holding back. One that holds back while the driver is
    /// paused (Marathon: 32 MiB) wants less, so its acknowledgements queue behind less.
    /// </summary>
    public long SendPauseThreshold { get; init; } = 64L * 1024 * 1024;

    /// <summary>The clock of the heartbeat watch.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives one line per notable event (dial failures, aborts, callback faults).</summary>
    public Action<string>? Log { get; init; }
}
