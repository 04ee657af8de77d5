using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;
using FastMesos.Transport.Messaging;

namespace FastMesos.Agent.Runtime;

public sealed partial class AgentRuntime
{
    private FrameConnection? _connection;
    // The connection whose greeting carried the registration, so OnConnected does not send it twice.
    private FrameConnection? _greeted;
    private long _registrationDue;
    private int _registrationAttempt;
    private long _lastPing;
    private TimeSpan _pingTimeout = TimeSpan.FromSeconds(75);

    // The master's datagram heartbeat channel on the current connection, once offered; null: TCP pings only.
    private AgentHeartbeatSocket? _heartbeats;

    /// <summary>Hellos a TCP ping may trigger again per channel: enough for a lost hello, not a datagram a second to a master that fell back to TCP.</summary>
    private const int MaxHelloRetries = 3;

    private void StartDialer()
    {
        var dial = new DialOptions
        {
            LocalRole = PeerRole.Agent,
            ExpectedRemoteRole = PeerRole.Master,
            AuthToken = _options.AuthToken,
            MaxFrameSize = 16 * 1024 * 1024,
            TimeProvider = _time,
            Log = _options.Log,
        };
        var reconnect = new ReconnectOptions
        {
            BaseDelay = _options.ReconnectBaseDelay,
            MaxDelay = _options.ReconnectMaxDelay,
            TimeProvider = _time,
        };
        _dialer = new ReconnectingDialer(_options.Transport, _options.ResolveMasterLocator(), dial, new AgentMasterLink(this), reconnect);
        _dialer.Start();
    }

    /// <summary>
    /// A connection's preamble is about to leave: the (re)registration goes with it as its greeting,
    /// so the master answers both in one round trip. The connection is recorded only once connected.
    /// </summary>
    internal void OnGreeting(FrameConnection connection)
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            _registrationAttempt = 0;
            SendRegistration(connection);
            _greeted = connection;
        }
    }

    /// <summary>A connection to the master is up: (re)register on it, unless its greeting already did.</summary>
    internal void OnConnected(FrameConnection connection)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                connection.Close(CloseReason.LocalClose, "the agent stopped");
                return;
            }

            _connection = connection;
            _state.Registered = false;
            if (_greeted == connection)
            {
                _greeted = null;
                return;   // Sent with the preamble; its retry is already due at the usual time.
            }

            _registrationAttempt = 0;
            SendRegistration();
        }
    }

    internal void OnDisconnected(FrameConnection connection, CloseInfo info)
    {
        lock (_gate)
        {
            if (_connection != connection)
                return;
            _connection = null;
            _state.Registered = false;
            _updates.Pause();
            CloseHeartbeats();
            if (!_stopped)
                _log($"lost the master connection: {info}");
        }
    }

    /// <summary>
    /// Sends RegisterAgent (no id yet) or ReregisterAgent (an id from an earlier registration or the
    /// checkpoint, with everything the agent runs), and schedules a retry in case no answer comes:
    /// retry k after up to factor × 2^k, capped (specs/mesos.md §1.3).
    /// </summary>
    private void SendRegistration()
    {
        if (_connection is not null)
            SendRegistration(_connection);
    }

    private void SendRegistration(FrameConnection connection)
    {
        var info = new AgentInfo
        {
            Hostname = _options.Hostname,
            Port = _options.Port,
            Id = _state.AgentId,
            Resources = _options.Resources,
            Attributes = _options.Attributes,
        };
        bool sent = _state.AgentId is null
            ? connection.TrySendMessage(new RegisterAgent { Agent = info, Version = _options.Version })
            : connection.TrySendMessage(BuildReregistration(info));
        if (!sent)
            _log("could not queue the registration; it is retried");
        TimeSpan ceiling = Backoff.Ceiling(_registrationAttempt, _options.RegistrationBackoffFactor, _options.RegistrationBackoffMax);
        // Half fixed, half jitter: never a zero wait (which would spin), still spread across agents.
        TimeSpan wait = ceiling / 2 + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling.Ticks / 2));
        _registrationDue = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
    }

    private ReregisterAgent BuildReregistration(AgentInfo info)
    {
        var tasks = new List<LaunchedTask>();
        var frameworks = new Dictionary<string, FrameworkInfo>(StringComparer.Ordinal);
        var executors = new List<ExecutorInfo>();
        foreach (AgentFramework fw in _state.Frameworks.Values)
        {
            foreach (AgentExecutor executor in fw.Executors.Values)
            {
                // Mesos does not report generated command executors: the master never stored them.
                if (!executor.CommandExecutor)
                    executors.Add(executor.Info with { FrameworkId = fw.Id });
                foreach (AgentTask task in executor.Tasks.Values)
                {
                    StatusUpdate? head = _updates.Find(task.FrameworkId, task.TaskId)?.Head;
                    frameworks[fw.Id.Value] = fw.Info;
                    tasks.Add(ReregistrationReport.Task(task, _state.AgentId!.Value, head));
                }
            }
        }

        return new ReregisterAgent
        {
            Agent = info,
            Version = _options.Version,
            Tasks = tasks,
            Executors = executors,
            Frameworks = [.. frameworks.Values],
            CompletedFrameworks = ReregistrationReport.CompletedFrameworks(_state),
        };
    }

    /// <summary>
    /// The clock's link work: an unanswered registration is sent again; a registered agent that
    /// heard no ping for the master's total ping timeout drops the connection, so the dialer finds
    /// the master again and the agent re-registers (Mesos' ping timeout → new master detection).
    /// </summary>
    private void CheckMasterLink()
    {
        if (_connection is null)
            return;
        long now = _time.GetTimestamp();
        if (!_state.Registered)
        {
            if (now >= _registrationDue)
            {
                _registrationAttempt++;
                SendRegistration();
            }

            return;
        }

        if (_time.GetElapsedTime(_lastPing, now) > _pingTimeout)
        {
            _log($"no ping from the master for {_pingTimeout.TotalSeconds} s: reconnecting");
            _connection.Close(CloseReason.LocalClose, "master ping timeout");
        }
    }

    internal void OnRegistered(FrameConnection connection, AgentId agentId, double totalPingTimeoutSeconds, HeartbeatChannel? heartbeats, bool reregistered)
    {
        lock (_gate)
        {
            if (_stopped || connection != _connection)
                return;
            if (_state.AgentId is { } known && known != agentId)
            {
                // The master gave another id than the one this agent holds: its tasks would be
                // orphaned under the old id. Mesos' agent exits in that case; so does this one.
                _log($"master answered with agent id {agentId}, this agent is {known}: refusing");
                connection.Close(CloseReason.LocalClose, "agent id mismatch");
                return;
            }

            if (_state.Registered)
                return;   // The answer to a registration retry.
            bool first = _state.AgentId is null;
            _state.AgentId = agentId;
            if (first)
                CheckpointAgent();
            _state.Registered = true;
            _lastPing = _time.GetTimestamp();
            if (totalPingTimeoutSeconds > 0)
                _pingTimeout = TimeSpan.FromSeconds(totalPingTimeoutSeconds);
            if (reregistered)
                _state.Counters.Reregistrations++;
            else
                _state.Counters.Registrations++;
            _log($"{(reregistered ? "re-registered" : "registered")} with the master as {agentId}");
            _updates.Resume();
            OpenHeartbeats(connection, heartbeats);
        }
    }

    /// <summary>
    /// Takes the master's datagram channel when offered (a new one replaces the last): says hello, and
    /// from then on answers the pings that arrive there. Pings that keep coming over TCP are answered
    /// there as before, whatever happens to the datagrams.
    /// </summary>
    private void OpenHeartbeats(FrameConnection connection, HeartbeatChannel? offer)
    {
        if (offer is not { } channel || connection.RemoteEndPoint is not IPEndPoint master)
            return;
        if (_heartbeats?.Channel == channel)
            return;
        CloseHeartbeats();
        _heartbeats = AgentHeartbeatSocket.TryOpen(master.Address, channel, _log);
        if (_heartbeats is null)
            return;
        _heartbeats.Start(OnDatagramPing);
        _heartbeats.SendHello();
    }

    private void CloseHeartbeats()
    {
        _heartbeats?.Dispose();
        _heartbeats = null;
    }

    private void OnDatagramPing(AgentHeartbeatSocket socket, HeartbeatDatagram ping)
    {
        lock (_gate)
        {
            if (_stopped || socket != _heartbeats || _connection is null)
                return;
            _state.Counters.DatagramPings++;
            socket.SendPong(ping.Sequence, ping.Timestamp);
            OnPingLocked(ping.Connected);
        }
    }

    internal void OnPing(FrameConnection connection, in Ping ping)
    {
        lock (_gate)
        {
            if (_stopped || connection != _connection)
                return;
            connection.TrySendMessage(new Pong(ping.Sequence, ping.Timestamp));
            // Still pinged over TCP with a channel open: the hello may have been lost.
            if (_heartbeats is { HelloRetries: < MaxHelloRetries } socket)
            {
                socket.HelloRetries++;
                socket.SendHello();
            }

            OnPingLocked(ping.Connected);
        }
    }

    /// <summary>A ping by either path: the master is alive; one that says the master lost track of this agent makes it re-register.</summary>
    private void OnPingLocked(bool connected)
    {
        _lastPing = _time.GetTimestamp();
        if (!connected && _state.Registered)
        {
            // The master lost track of this agent although the connection is up: re-register.
            _state.Registered = false;
            _updates.Pause();
            _registrationAttempt = 0;
            SendRegistration();
        }
    }

    internal void OnApplyOperation(FrameConnection connection, ApplyOperation message) =>
        _log($"ignoring {message.Operation.Type} operation {message.OperationUuid}: checkpointed resources are not supported yet");

    /// <summary>Sends one status update to the master; false when not registered or the send queue is full.</summary>
    private bool Forward(StatusUpdate update)
    {
        if (_connection is null || !_state.Registered)
            return false;
        if (!_connection.TrySendMessage(in update))
            return false;
        _state.Counters.StatusUpdatesSent++;
        return true;
    }

    private bool IsCurrent(FrameConnection connection) => !_stopped && connection == _connection && _state.Registered;
}
