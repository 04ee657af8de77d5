using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// An agent that already runs its tasks: it dials the master it is pointed at, re-registers with
/// its id, tasks and frameworks, and reports the master's answer to the phase's counter. Pings are
/// not answered (the benchmark ends long before the first ping timeout).
/// </summary>
internal sealed class SimulatedAgent : MessageHandler, IMessageVisitor
{
    private readonly ReregisterAgent _message;
    private ReregistrationCounter? _counter;
    private int _answered;

    public SimulatedAgent(ReregisterAgent message) : base(SimulatedAgentStrings.Pool)
    {
        _message = message;
        Id = message.Agent.Id!.Value.Value;
    }

    public string Id { get; }

    public ReregisterAgent Message => _message;

    public FrameConnection? Connection { get; private set; }

    /// <summary>Anything the master sent that an agent at this point does not expect (a ShutdownAgent, a task).</summary>
    public int Unexpected { get; private set; }

    /// <summary>Dials <paramref name="master"/> and sends the re-registration; the answer goes to <paramref name="counter"/>.</summary>
    public async Task ReregisterAsync(ITransport transport, InProcEndPoint master, DialOptions options, ReregistrationCounter counter)
    {
        _counter = counter;
        Volatile.Write(ref _answered, 0);
        Connection = await transport.DialAsync(master, options, this).ConfigureAwait(false);
        if (!Connection.TrySendMessage(_message))
            throw new InvalidOperationException($"agent {Id} could not send its re-registration");
    }

    public async Task DisconnectAsync()
    {
        if (Connection is { } c)
            await c.DisposeAsync().ConfigureAwait(false);
        Connection = null;
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    void IMessageVisitor.Unexpected(MessageType type) => Unexpected++;

    void IMessageVisitor.Visit(in AgentReregistered message)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
            _counter?.Arrived(string.Equals(message.AgentId.Value, Id, StringComparison.Ordinal));
    }

    void IMessageVisitor.Visit(in Ping message)
    {
    }
}
