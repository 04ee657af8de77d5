using System.Net.Sockets;
using System.Text;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;

namespace FastMesos.Cluster.Tests;

/// <summary>Junk on the master's shared wire/HTTP port costs the junk's connections only.</summary>
public sealed class GarbageOnMasterPortTests
{
    [Fact]
    public async Task Random_bytes_bad_preambles_and_half_requests_leave_a_working_master()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        var random = new Random(4);
        var lingering = new List<TcpClient>();
        try
        {
            var payloads = new List<byte[]>();
            for (int i = 0; i < 5; i++)
            {
                byte[] junk = new byte[random.Next(1, 4096)];
                random.NextBytes(junk);
                payloads.Add(junk);
            }

            payloads.Add([.. "FMSH"u8, 99, 7, 0xff, 0xff]);                       // bad version and role, huge token length
            payloads.Add([.. "FMSH"u8, 1]);                                       // truncated preamble
            payloads.Add(Encoding.ASCII.GetBytes("GET /master/state HTTP/1.1\r\nHost: x\r\nContent-Le"));
            payloads.Add(Encoding.ASCII.GetBytes("POST /api/v1/scheduler HTTP/1.1\r\nContent-Length: 100000\r\n\r\n{\"type\":"));
            payloads.Add(Encoding.ASCII.GetBytes("\r\n\r\n\r\n"));
            foreach (byte[] payload in payloads)
            {
                // Half of them stay open (a stuck or slow peer), the others hang up at once.
                var client = new TcpClient();
                await client.ConnectAsync(cluster.Master.EndPoint.Address, cluster.Master.EndPoint.Port);
                await client.GetStream().WriteAsync(payload);
                if (lingering.Count < payloads.Count / 2)
                    lingering.Add(client);
                else
                    client.Dispose();
            }

            // A framework still subscribes and runs a task, and HTTP still answers.
            var scheduler = new RecordingScheduler();
            scheduler.OnOffers = RecordingScheduler.LaunchOnce(offer => ClusterHarness.ShellTask("after-junk", offer, "echo ok"));
            await cluster.SubscribeAsync(ClusterHarness.Framework("after-junk"), scheduler);
            await scheduler.WaitFor("after-junk", TaskState.Finished);
            using var state = await cluster.MasterStateAsync();
            Assert.Equal(1, state.RootElement.GetProperty("slaves").GetArrayLength());
            Assert.Equal(1, cluster.Master.Server.Read(static core => core.ConnectedAgentCount));
        }
        finally
        {
            foreach (TcpClient client in lingering)
                client.Dispose();
        }
    }
}
