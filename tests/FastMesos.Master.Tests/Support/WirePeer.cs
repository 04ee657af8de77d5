using System.Collections.Concurrent;
using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Tests.Support;

/// <summary>
/// A raw wire peer for tests: dials a master as an agent or a scheduler, sends typed messages and
/// records every message it receives, in order, for assertions.
/// </summary>
internal sealed class WirePeer : MessageHandler, IMessageVisitor, IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _received = new();
    private FrameConnection? _connection;

    public FrameConnection Connection => _connection ?? throw new InvalidOperationException("not connected");

    public CloseInfo? Closed { get; private set; }

    public static async Task<WirePeer> DialAsync(EndPoint master, PeerRole role, string? token = null)
    {
        var peer = new WirePeer();
        peer._connection = await TcpTransport.Instance.DialAsync(master, new DialOptions { LocalRole = role, AuthToken = token }, peer);
        return peer;
    }

    public void Send<T>(T message)
    {
        if (!Connection.TrySendMessage(message))
            throw new InvalidOperationException($"could not send {typeof(T).Name}");
    }

    /// <summary>Waits for the first received message of type <typeparamref name="T"/> that matches, and removes it.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        T? found = default;
        await Eventually.Until(() => TryTake(match, out found), "a " + typeof(T).Name, timeout);
        return found!;
    }

    /// <summary>Everything received and not taken yet, in order.</summary>
    public IReadOnlyList<object> Received => [.. _received];

    /// <summary>Takes the first received <typeparamref name="T"/> if there is one, without waiting.</summary>
    public bool TryTake<T>(out T found)
    {
        bool taken = TryTake(null, out T? value);
        found = value!;
        return taken;
    }

    private bool TryTake<T>(Func<T, bool>? match, out T? found)
    {
        foreach (object message in _received)
        {
            if (message is T typed && (match is null || match(typed)))
            {
                found = typed;
                Remove(message);
                return true;
            }
        }

        found = default;
        return false;
    }

    private void Remove(object message)
    {
        int count = _received.Count;
        for (int i = 0; i < count && _received.TryDequeue(out object? head); i++)
        {
            if (!ReferenceEquals(head, message))
                _received.Enqueue(head);
        }
    }

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => this;

    public override void OnClosed(FrameConnection connection, CloseInfo info) => Closed = info;

    public void Unexpected(MessageType type) => _received.Enqueue(type);

    void IMessageVisitor.Visit(in AgentRegistered message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in AgentReregistered message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in Ping message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in RunTask message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in RunTaskGroup message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in KillTask message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in ShutdownFramework message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in ShutdownAgent message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in StatusUpdateAcknowledgement message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in SubscribedEvent message) => _received.Enqueue(message);

    // Offers are lent for the visit only: keep a copy.
    void IMessageVisitor.Visit(in OffersEvent message) => _received.Enqueue(message.Copy());

    void IMessageVisitor.Visit(in RescindEvent message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in UpdateEvent message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in FailureEvent message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in ErrorEvent message) => _received.Enqueue(message);

    void IMessageVisitor.Visit(in HeartbeatEvent message) => _received.Enqueue(message);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
