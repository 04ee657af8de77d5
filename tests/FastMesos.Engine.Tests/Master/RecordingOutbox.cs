using FastMesos.Engine.Master;

namespace FastMesos.Engine.Tests.Master;

/// <summary>Records what the master core sends and closes, per peer, in order.</summary>
internal sealed class RecordingOutbox : IMasterOutbox
{
    public List<(int Peer, object Message)> Sent { get; } = [];

    public List<(int Peer, string Reason)> Closed { get; } = [];

    public void Send<T>(int peer, in T message) => Sent.Add((peer, message!));

    public void Close(int peer, string reason) => Closed.Add((peer, reason));

    /// <summary>Messages of type <typeparamref name="T"/> sent to <paramref name="peer"/>, in order; they are removed from <see cref="Sent"/>.</summary>
    public List<T> Take<T>(int peer)
    {
        var found = new List<T>();
        Sent.RemoveAll(entry =>
        {
            if (entry.Peer != peer || entry.Message is not T t)
                return false;
            found.Add(t);
            return true;
        });
        return found;
    }

    public void Clear()
    {
        Sent.Clear();
        Closed.Clear();
    }
}
