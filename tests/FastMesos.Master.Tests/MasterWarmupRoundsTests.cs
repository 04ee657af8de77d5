using System.Net;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master.Warmup;

namespace FastMesos.Master.Tests;

/// <summary>
/// <c>--warmup_agents</c>' rounds in process: every round's loopback agents (re-)register and its
/// loopback framework subscribes, is offered and declines; a round that does not complete throws,
/// so finishing is the check. The default allocation interval (1 s) is kept: the framework's
/// subscription asks for an allocation run at once, it does not wait for the interval.
/// </summary>
public sealed class MasterWarmupRoundsTests
{
    [Fact]
    public async Task Every_round_registers_the_agents_and_offers_them_to_the_framework()
    {
        var options = new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions { MasterId = "warmup-test", Ip = "127.0.0.1", Hostname = "localhost", Allocator = new AllocatorOptions() },
        };

        TimeSpan took = await MasterWarmup.RunAsync(options, agents: 50, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(took > TimeSpan.Zero);
    }
}
