using System.Text;

namespace FastMesos.Coordination.Tests;

/// <summary>A real three-server ZooKeeper ensemble on loopback ports; members can be killed and restarted.</summary>
public sealed class ZooKeeperEnsemble : IAsyncDisposable
{
    private ZooKeeperEnsemble(List<ZooKeeperServer> members) => Members = members;

    public IReadOnlyList<ZooKeeperServer> Members { get; }

    public string ConnectionString
    {
        get
        {
            var hosts = new List<string>(Members.Count);
            foreach (ZooKeeperServer member in Members)
                hosts.Add($"127.0.0.1:{member.Port}");
            return "zk://" + string.Join(',', hosts);
        }
    }

    public static async Task<ZooKeeperEnsemble> StartNewAsync(int size = 3)
    {
        var config = new StringBuilder();
        var clientPorts = new List<int>(size);
        for (int id = 1; id <= size; id++)
        {
            clientPorts.Add(ZooKeeperServer.FreePort());
            config.Append($"server.{id}=127.0.0.1:{ZooKeeperServer.FreePort()}:{ZooKeeperServer.FreePort()}\n");
        }

        var members = new List<ZooKeeperServer>(size);
        for (int id = 1; id <= size; id++)
            members.Add(ZooKeeperServer.Create(clientPorts[id - 1], config.ToString(), id));
        var ensemble = new ZooKeeperEnsemble(members);
        try
        {
            foreach (ZooKeeperServer member in members)
                member.Launch();
            foreach (ZooKeeperServer member in members)
                await member.WaitReadyAsync();
        }
        catch
        {
            await ensemble.DisposeAsync();
            throw;
        }

        return ensemble;
    }

    public ZooKeeperServer MemberAt(string endpoint)
    {
        foreach (ZooKeeperServer member in Members)
        {
            if (endpoint == $"127.0.0.1:{member.Port}")
                return member;
        }

        throw new InvalidOperationException($"{endpoint} is no member");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ZooKeeperServer member in Members)
            await member.DisposeAsync();
    }
}
