using System.Diagnostics;
using System.Net;
using FastMesos.Messages;

namespace FastMesos.Master.Warmup;

/// <summary>
/// <c>--warmup_agents=N</c>: before a master listens on its port (and before an HA master stands for
/// election), N loopback agents register with a throwaway master on a free loopback port, then
/// re-register with their tasks with a fresh throwaway master, <see cref="Rounds"/> times in all;
/// in each round a loopback framework then subscribes with its id, is offered every agent and
/// declines (<see cref="WarmupFramework"/>).
/// A master taking over is judged from its listen() to the last agent re-registered
/// (specs/performance.md §8.2d); cold, its first compilations and type loads were most of that
/// second (2026-12-04-quick-jit.md: 18% of its samples in the JIT, 28% in the runtime). Warm, it
/// answers the storm with compiled code. The throwaway masters share nothing with the real one
/// but static pools and compiled code: each is disposed before the next starts.
/// </summary>
/// <remarks>
/// The rounds are spaced: tiered compilation counts calls only after 100 ms without a new method
/// compiled, then wants 30 calls before it recompiles a framework method optimized in the
/// background, so one burst would leave the framework's precompiled code unoptimized.
/// <para>Each throwaway master is a whole <see cref="MasterHost"/>, its HTTP host included. With the
/// bare server, the real master's HTTP start (dependency injection, reflection, Kestrel) was the
/// first to call those framework methods often enough, and their ~100 background recompilations
/// landed in the failover it had just begun serving: 113–124 methods and 92–512 ms of JIT in a
/// 10,000-agent failover instead of 47–70 and 36–127 ms (perf-reports/2026-12-07-warm-standby/).</para>
/// <para>The rounds end with a compacting full collection: the throwaway masters' garbage and the
/// budgets their rounds left set the real master's first collections, and that failover then met a
/// gen2 in 22 of 25 runs and 63–135 ms of pauses instead of none and 31–56 ms. (Its minor page
/// faults ranged 3,400–12,800 with either; in one round the collected heap faulted ~5,000 more.)</para>
/// </remarks>
internal static class MasterWarmup
{
    public const int Rounds = 4;
    public const string AgentVersion = "1.11.0";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the rounds, collects, and waits for the JIT to be quiet; returns how long that took.
    /// Throws when a round does not complete in time.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(MasterServerOptions options, int agents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        long start = Stopwatch.GetTimestamp();
        var framework = new FrameworkInfo { User = "warmup", Name = "warmup", Id = new FrameworkId("warmup-framework"), Roles = ["*"] };
        var fleet = new WarmupAgent[agents];
        for (int i = 0; i < fleet.Length; i++)
            fleet[i] = new WarmupAgent(i, framework);
        var scheduler = new WarmupFramework(framework);
        MasterServerOptions throwaway = options with
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = options.Core with { MasterId = "warmup-" + Guid.NewGuid().ToString("N") },
            Transport = Transport.Connections.TcpTransport.Instance,
            TransportEndPoint = null,
            ZooKeeper = null,
            RegistryStore = null,
            AgentCredentials = null,
            FrameworkCredentials = null,
            HttpFallback = null,
            Log = null,
        };

        for (int round = 0; round < Rounds; round++)
        {
            if (round > 0)
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            await RunRoundAsync(throwaway, fleet, scheduler, cancellationToken).ConfigureAwait(false);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        // The rounds leave methods queued for background recompilation, which the real master would
        // otherwise compile while it serves its first storm. Rounds that retried handshakes for
        // seconds (a 512-connection accept queue) hid this; at 2.7 s they left 266–658
        // recompilations to a 10,000-agent failover.
        await Hosting.JitSettle.WaitAsync(QuietFor, QuietLimit, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start);
    }

    private static async Task RunRoundAsync(MasterServerOptions options, WarmupAgent[] fleet, WarmupFramework scheduler, CancellationToken cancellationToken)
    {
        MasterHost host = await MasterHost.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        MasterServer server = host.Server;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RoundTimeout);
            var pending = new Task[fleet.Length];
            for (int i = 0; i < fleet.Length; i++)
                pending[i] = ConnectAndRegisterAsync(fleet[i], server.LocalEndPoint, timeout.Token);
            await Task.WhenAll(pending).ConfigureAwait(false);
            // Then the framework, as after a failover: subscribed again, offered every agent, declining.
            await scheduler.ConnectAsync(server.LocalEndPoint, timeout.Token).ConfigureAwait(false);
            await scheduler.Offered.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            scheduler.Close();
            foreach (WarmupAgent agent in fleet)
                agent.Close();
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task ConnectAndRegisterAsync(WarmupAgent agent, EndPoint master, CancellationToken cancellationToken)
    {
        await agent.ConnectAsync(master, cancellationToken).ConfigureAwait(false);
        await agent.Registered.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
