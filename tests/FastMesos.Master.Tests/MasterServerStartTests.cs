using System.Net;
using System.Net.Sockets;
using FastMesos.Engine.Master;

namespace FastMesos.Master.Tests;

/// <summary>A master that fails to start leaves nothing running behind it.</summary>
[Collection(nameof(MasterThreadsCollection))]
public sealed class MasterServerStartTests
{
    [Fact]
    public async Task A_master_that_cannot_listen_leaves_no_tick_thread_running()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var endPoint = (IPEndPoint)taken.LocalEndpoint;
        int before = ThreadsNamed("master tick");

        await Assert.ThrowsAnyAsync<SocketException>(() => MasterServer.StartAsync(new MasterServerOptions
        {
            EndPoint = endPoint,
            Core = new MasterOptions { MasterId = "port-taken" },
        }));

        // The thread ends once the failed start disposed it; its /proc entry may outlive the join briefly.
        await Eventually.Until(() => ThreadsNamed("master tick") == before, "the failed master's tick thread to end");
    }

    /// <summary>This process's threads whose name (as the kernel keeps it, 15 bytes at most) is <paramref name="name"/>.</summary>
    private static int ThreadsNamed(string name)
    {
        int count = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name)
                    count++;
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }
        return count;
    }
}
