using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Auth;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Master.Tests;

/// <summary><c>--authenticate_agents</c> with a credentials file: only agents with a known credential register.</summary>
public sealed class MasterAuthenticationTests
{
    [Fact]
    public async Task Agents_need_a_known_credential_and_frameworks_do_not_when_not_asked()
    {
        string file = Path.Combine(Path.GetTempPath(), "fm-creds-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{"credentials":[{"principal":"agent","secret":"s3cret"}]}""");
        try
        {
            var options = new MasterServerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Core = new MasterOptions { MasterId = "auth" },
                AgentCredentials = CredentialStore.Load(file),
            };
            await using MasterHost master = await MasterHost.StartAsync(options);

            var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() => WirePeer.DialAsync(master.EndPoint, PeerRole.Agent));
            Assert.Contains("authentication required", refused.Message, StringComparison.Ordinal);
            var wrong = await Assert.ThrowsAsync<ConnectionClosedException>(() => WirePeer.DialAsync(master.EndPoint, PeerRole.Agent, "agent:guess"));
            Assert.Contains("authentication failed for principal 'agent'", wrong.Message, StringComparison.Ordinal);

            await using WirePeer agent = await WirePeer.DialAsync(master.EndPoint, PeerRole.Agent, "agent:s3cret");
            agent.Send(new RegisterAgent { Agent = new AgentInfo { Hostname = "a", Resources = Resources.Parse("cpus:1;mem:64") }, Version = "1.11.0" });
            await agent.NextAsync<AgentRegistered>();

            await using WirePeer scheduler = await WirePeer.DialAsync(master.EndPoint, PeerRole.Scheduler);
            scheduler.Send(new SubscribeCall { Framework = new FrameworkInfo { User = "u", Name = "open" } });
            await scheduler.NextAsync<SubscribedEvent>();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Credential_files_in_text_form_load_and_bad_ones_name_the_problem()
    {
        string file = Path.Combine(Path.GetTempPath(), "fm-creds-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            File.WriteAllText(file, "# comment\nalice secret1\nbob secret2\n");
            CredentialStore store = CredentialStore.Load(file);
            Assert.Equal(2, store.Count);
            Assert.Null(store.Verify("bob:secret2"u8));
            Assert.NotNull(store.Verify("bob:secret1"u8));

            File.WriteAllText(file, "alice\n");
            FormatException bad = Assert.Throws<FormatException>(() => CredentialStore.Load(file));
            Assert.Contains("line 1", bad.Message, StringComparison.Ordinal);
            File.WriteAllText(file, "{\"credentials\": 3}");
            Assert.Throws<FormatException>(() => CredentialStore.Load(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
