using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Coordination.Tests;

/// <summary>
/// A real standalone ZooKeeper 3.8 server (Debian's zookeeper package) on a free loopback port and a
/// temporary data dir. <see cref="StopAsync"/> kills it (like a crash); <see cref="StartAsync"/> starts it
/// again on the same port and data, so sessions can resume. tickTime is 500 ms: session timeouts
/// between 1 s and 10 s.
/// </summary>
public sealed class ZooKeeperServer : IAsyncDisposable
{
    private const string Jar = "/usr/share/java/zookeeper.jar";
    private readonly string _directory;
    private Process? _process;

    private ZooKeeperServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"zk://127.0.0.1:{Port}";

    public static async Task<ZooKeeperServer> StartNewAsync()
    {
        ZooKeeperServer server = Create(FreePort(), "");
        try
        {
            await server.StartAsync();
        }
        catch
        {
            // Never leave a server running that no test will stop.
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// A server not started yet. <paramref name="ensembleConfig"/> is appended to zoo.cfg (the
    /// server.N lines of an ensemble) and <paramref name="myId"/>, when not 0, is written to data/myid.
    /// </summary>
    internal static ZooKeeperServer Create(int port, string ensembleConfig, int myId = 0)
    {
        if (!File.Exists(Jar))
            Assert.Fail($"{Jar} is missing: install Debian's zookeeper package (./test.sh does)");
        string directory = Directory.CreateTempSubdirectory("fastmesos-zk-").FullName;
        string data = Path.Combine(directory, "data");
        Directory.CreateDirectory(data);
        if (myId != 0)
            File.WriteAllText(Path.Combine(data, "myid"), myId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(directory, "zoo.cfg"),
            $"tickTime=500\ninitLimit=20\nsyncLimit=10\ndataDir={data}\nclientPort={port}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n{ensembleConfig}");
        return new ZooKeeperServer(directory, port);
    }

    /// <summary>Starts the server and waits until a client session can be opened.</summary>
    public async Task StartAsync()
    {
        Launch();
        await WaitReadyAsync();
    }

    /// <summary>Starts the JVM without waiting (ensemble members only serve once a quorum is up).</summary>
    internal void Launch()
    {
        var info = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-Xmx128m", "-cp", "/usr/share/java/*:/etc/zookeeper/conf", "org.apache.zookeeper.server.quorum.QuorumPeerMain", Path.Combine(_directory, "zoo.cfg") })
            info.ArgumentList.Add(argument);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits (at most 60 s) until a client session can be opened on this server.</summary>
    internal async Task WaitReadyAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using ZooKeeperClient probe = await ZooKeeperClient.ConnectAsync(ConnectionString,
                    new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(2) });
                return;
            }
            catch (ZooKeeperException) when (DateTime.UtcNow < deadline && _process is { HasExited: false })
            {
            }
        }
    }

    /// <summary>Kills the server (SIGKILL: no orderly shutdown, as in a crash) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
