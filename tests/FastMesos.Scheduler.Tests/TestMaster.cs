using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Master;

namespace FastMesos.Scheduler.Tests;

/// <summary>Starts a real <see cref="MasterServer"/> on 127.0.0.1 with a free port.</summary>
internal static class TestMaster
{
    /// <summary>
    /// <paramref name="heartbeat"/> and <paramref name="agentPing"/> default to Mesos' 15 s; tests that
    /// jump a fake clock by hours set them long so no ping round counts the fake agent as missing.
    /// </summary>
    public static Task<MasterServer> StartAsync(TimeProvider? time = null, TimeSpan? heartbeat = null, TimeSpan? agentPing = null) =>
        MasterServer.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions
            {
                MasterId = Guid.NewGuid().ToString(),
                HeartbeatInterval = heartbeat ?? TimeSpan.FromSeconds(15),
                AgentPingTimeout = agentPing ?? TimeSpan.FromSeconds(15),
            },
            TimeProvider = time ?? TimeProvider.System,
            TickInterval = TimeSpan.FromMilliseconds(20),
        });
}
