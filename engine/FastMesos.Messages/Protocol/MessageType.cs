namespace FastMesos.Messages;

/// <summary>
/// The number of every message on the FastMesos wire; a frame carries it next to the payload so a
/// reader can pick the decoder before it reads a byte of the body. Master ↔ agent messages take
/// 1–99, scheduler calls 100–199 (100 + Mesos' <c>Call.Type</c>) and scheduler events 200–299
/// (200 + Mesos' <c>Event.Type</c>). Numbers are never reused; gaps leave room for related messages.
/// </summary>
public enum MessageType : ushort
{
    /// <summary>Not a message; a frame with type 0 is malformed.</summary>
    None = 0,

    // Master ↔ agent: registration.
    RegisterAgent = 1,
    ReregisterAgent = 2,
    AgentRegistered = 3,
    AgentReregistered = 4,
    ShutdownAgent = 5,

    // Master ↔ agent: health.
    Ping = 10,
    Pong = 11,

    // Master → agent: work.
    RunTask = 20,
    RunTaskGroup = 21,
    KillTask = 22,
    ShutdownFramework = 23,
    ApplyOperation = 24,

    // Agent → master → agent: reliable status updates.
    StatusUpdate = 30,
    StatusUpdateAcknowledgement = 31,

    // Scheduler → master calls (100 + Mesos Call.Type).
    SubscribeCall = 101,
    TeardownCall = 102,
    AcceptCall = 103,
    DeclineCall = 104,
    ReviveCall = 105,
    KillCall = 106,
    ShutdownCall = 107,
    AcknowledgeCall = 108,
    ReconcileCall = 109,
    MessageCall = 110,
    SuppressCall = 112,
    UpdateFrameworkCall = 117,

    // Master → scheduler events (200 + Mesos Event.Type).
    SubscribedEvent = 201,
    OffersEvent = 202,
    RescindEvent = 203,
    UpdateEvent = 204,
    MessageEvent = 205,
    FailureEvent = 206,
    ErrorEvent = 207,
    HeartbeatEvent = 208,
}
