using FastMesos.Messages;

namespace FastMesos.Transport.Heartbeats;

/// <summary>Where <see cref="HeartbeatServer.Drain{TSink}"/> hands each valid pong: a struct, so the drain loop calls it directly.</summary>
public interface IPongSink
{
    void OnPong(int peer, in Pong pong);
}
