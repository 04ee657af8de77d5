using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Warmup;

/// <summary>
/// A loopback peer of <see cref="MasterWarmup"/> (<see cref="WarmupAgent"/>, <see cref="WarmupFramework"/>):
/// one connection at a time to a round's throwaway master, and the signal the round waits on for
/// it, made anew with each dial. Invariant: <see cref="_connection"/> is the current round's
/// connection or null; only its end fails the signal.
/// </summary>
internal abstract class WarmupPeer : MessageHandler
{
    private readonly PeerRole _role;
    private readonly string _what;
    private FrameConnection? _connection;
    private TaskCompletionSource _done = NewSignal();

    protected WarmupPeer(PeerRole role, string what)
    {
        _role = role;
        _what = what;
    }

    /// <summary>Guards the connection and whatever a subclass sends on its greeting.</summary>
    protected Lock Gate { get; } = new();

    /// <summary>Completes when the current connection did its round's work (<see cref="Signal"/>), faults when it closed first.</summary>
    protected Task Done => Volatile.Read(ref _done).Task;

    /// <summary>The current connection, or null.</summary>
    protected FrameConnection? Connection => Volatile.Read(ref _connection);

    public async Task ConnectAsync(EndPoint master, CancellationToken cancellationToken)
    {
        lock (Gate)
            Volatile.Write(ref _done, NewSignal());
        var options = new DialOptions
        {
            LocalRole = _role,
            ExpectedRemoteRole = PeerRole.Master,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        await TcpTransport.Instance.DialAsync(master, options, this, cancellationToken).ConfigureAwait(false);
    }

    // The first message rides behind the preamble, as a real peer's does.
    public sealed override void OnGreeting(FrameConnection connection)
    {
        lock (Gate)
        {
            Volatile.Write(ref _connection, connection);
            Greet(connection);
        }
    }

    /// <summary>Sends the peer's first message on a new connection; called under <see cref="Gate"/>.</summary>
    protected abstract void Greet(FrameConnection connection);

    // Only the current connection's end fails the round: the close of a connection this peer
    // closed itself (Close cleared it first), or of an earlier round's, may be reported after the
    // next round has begun.
    public sealed override void OnClosed(FrameConnection connection, CloseInfo info)
    {
        TaskCompletionSource done;
        lock (Gate)
        {
            if (_connection != connection)
                return;
            Volatile.Write(ref _connection, null);
            done = _done;
        }

        done.TrySetException(new IOException($"the warm-up master closed the {_what}'s connection ({info.Reason}: {info.Message})"));
    }

    public void Close()
    {
        FrameConnection? c;
        lock (Gate)
        {
            c = _connection;
            Volatile.Write(ref _connection, null);
        }

        c?.Close(CloseReason.LocalClose, "warm-up round over");
    }

    /// <summary>The current connection did its round's work.</summary>
    protected void Signal() => Volatile.Read(ref _done).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
